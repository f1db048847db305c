import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  inboundAddToTicketBody,
  inboundCreateTicketBody,
  inboundEmailDetail,
  inboundEmailList,
  inboundEmailListQuery,
  inboundEmailParams,
} from '../../../shared/schemas/ticket-email.ts';
import type { RoutePolicy } from '../../platform/actor.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import { staffOnly } from '../clients/clients.routes.ts';
import type { ModuleDeps } from '../index.ts';
import type { AttachmentsService, TicketsAccess } from '../tickets/contracts.ts';
import { splitAddress } from './addresses.ts';
import { createInboundReview, createInboundService, type InboundService } from './inbound.service.ts';
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
 * Inbound email: the held-email review routes, and the receivers (IMAP polling, SMTP listener). The
 * receivers are background work: they start with `services.startBackground()` in a process that runs
 * it (`serve` unless WORKERS=false, `portico worker`; never in tests that only inject requests) and
 * stop when it closes; `app.inboundMail` starts them by hand.
 */
export function ticketEmailRoutes(
  app: FastifyInstance,
  deps: ModuleDeps & { tickets: TicketsAccess; attachments: AttachmentsService },
): void {
  const service = createInboundService(deps);
  const review = createInboundReview(deps);
  const inbound = deps.config.inbound;
  const log = app.log;

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
  app.decorate('inboundMail', inboundMail);
  if (smtp || imap) {
    app.background.register({
      name: 'ticket-email.receivers',
      start: async () => {
        await inboundMail.start();
      },
      stop: () => inboundMail.stop(),
    });
  }
  app.addHook('onClose', async () => {
    await inboundMail.stop();
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['inbound email'];
  const policy: { policy: RoutePolicy } = { policy: { auth: 'staff', permission: 'tickets:manage' } };

  r.get(
    '/api/v1/inbound-emails',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Received emails, newest first (held for review by default; `status=all` for every one)',
        querystring: inboundEmailListQuery,
        response: { 200: inboundEmailList, ...errorResponses },
      },
    },
    (request) => review.list(staffOnly(request.actor), request.query),
  );

  r.get(
    '/api/v1/inbound-emails/:inboundId',
    {
      config: policy,
      schema: {
        tags,
        summary: 'One received email: sender, subject, its text (never HTML), why it was held',
        params: inboundEmailParams,
        response: { 200: inboundEmailDetail, ...errorResponses },
      },
    },
    (request) => review.get(staffOnly(request.actor), request.params.inboundId),
  );

  r.post(
    '/api/v1/inbound-emails/:inboundId/create-ticket',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Open a ticket from a held email, raised by a contact of the chosen client',
        params: inboundEmailParams,
        body: inboundCreateTicketBody,
        response: { 200: inboundEmailDetail, ...errorResponses },
      },
    },
    (request) =>
      review.createTicket(
        staffOnly(request.actor),
        request.params.inboundId,
        request.body,
        requestMeta(request),
      ),
  );

  r.post(
    '/api/v1/inbound-emails/:inboundId/add-to-ticket',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Add a held email to a ticket as a reply from a contact of that ticket’s client',
        params: inboundEmailParams,
        body: inboundAddToTicketBody,
        response: { 200: inboundEmailDetail, ...errorResponses },
      },
    },
    (request) =>
      review.addToTicket(
        staffOnly(request.actor),
        request.params.inboundId,
        request.body,
        requestMeta(request),
      ),
  );

  r.post(
    '/api/v1/inbound-emails/:inboundId/discard',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Discard a held email (it stays listed as discarded)',
        params: inboundEmailParams,
        response: { 200: inboundEmailDetail, ...errorResponses },
      },
    },
    (request) => review.discard(staffOnly(request.actor), request.params.inboundId, requestMeta(request)),
  );
}
