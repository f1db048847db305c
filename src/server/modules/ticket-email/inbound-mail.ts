import type { FastifyBaseLogger } from 'fastify';
import type { Background } from '../../platform/background.ts';
import type { ModuleDeps } from '../deps.ts';
import { splitAddress } from './addresses.ts';
import type { InboundService } from './inbound.service.ts';
import { supportMailbox } from './notifier.ts';
import { createImapPoller, createSmtpListener } from './receivers.ts';

export interface InboundMail {
  service: InboundService;
  /** Starts the configured receivers (IMAP_URL, INBOUND_SMTP_PORT); returns the SMTP port when listening. */
  start(): Promise<{ smtpPort: number | null }>;
  stop(): Promise<void>;
  /** The IMAP poller when IMAP_URL is set (tests poll it directly). */
  imap: ReturnType<typeof createImapPoller> | null;
  /** Whether the receivers run, and the SMTP listener's port while it listens. */
  readonly running: boolean;
  readonly smtpPort: number | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Inbound email: the receivers and the service they feed (modules/ticket-email). */
    inboundMail: InboundMail;
  }
}

/**
 * The inbound email receivers (IMAP polling, SMTP listener) feeding the inbound service. They are
 * background work: they start with `services.startBackground()` in a process that runs it (`serve`
 * unless WORKERS=false, `portico worker`; never in tests that only inject requests) and stop when it
 * closes; `app.inboundMail` starts them by hand.
 */
export function createInboundMail(
  deps: Pick<ModuleDeps, 'config' | 'settings'> & {
    service: InboundService;
    background: Background;
    log: FastifyBaseLogger;
  },
): InboundMail {
  const { service, log } = deps;
  const inbound = deps.config.inbound;

  const acceptedDomains = async (): Promise<string[]> => {
    if (inbound.smtp?.domains.length) return inbound.smtp.domains;
    const mailbox = await supportMailbox(deps);
    return [
      ...new Set(
        [mailbox, deps.config.mail.from].map((a) => splitAddress(a)?.domain).filter((d): d is string => !!d),
      ),
    ];
  };

  const smtp = inbound.smtp
    ? createSmtpListener({
        port: inbound.smtp.port,
        host: inbound.smtp.host,
        maxBytes: inbound.maxBytes,
        domains: acceptedDomains,
        sink: service,
        log,
      })
    : null;
  const imap = inbound.imap
    ? createImapPoller({
        url: inbound.imap.url,
        pollSeconds: inbound.imap.pollSeconds,
        maxBytes: inbound.maxBytes,
        sink: service,
        log,
      })
    : null;
  let started = false;
  let smtpPort: number | null = null;
  /** A start in progress: stop waits for it, so a close during start-up leaves nothing listening. */
  let starting: Promise<unknown> = Promise.resolve();
  const run = async () => {
    smtpPort = smtp ? await smtp.start() : null;
    if (smtp) log.info({ port: smtpPort, host: inbound.smtp?.host }, 'inbound SMTP listener started');
    if (imap) {
      imap.start();
      log.info(
        { host: imap.target.host, mailbox: imap.target.mailbox, everySeconds: inbound.imap?.pollSeconds },
        'IMAP polling started',
      );
    }
  };
  const inboundMail: InboundMail = {
    service,
    imap,
    get running() {
      return started;
    },
    get smtpPort() {
      return smtpPort;
    },
    async start() {
      if (!started) {
        started = true;
        starting = run();
      }
      await starting;
      return { smtpPort };
    },
    async stop() {
      if (!started) return;
      started = false;
      await starting.catch(() => undefined);
      smtpPort = null;
      await Promise.all([smtp?.stop(), imap?.stop()]);
    },
  };
  if (smtp || imap) {
    deps.background.register({
      name: 'ticket-email.receivers',
      start: async () => {
        await inboundMail.start();
      },
      stop: () => inboundMail.stop(),
    });
  }
  return inboundMail;
}
