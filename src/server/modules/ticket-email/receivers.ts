import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';

/** The mail libraries load when a receiver is configured, not with every app process. */
const load = createRequire(import.meta.url);

import { splitAddress } from './addresses.ts';
import {
  holdReasons,
  type ReceiveMeta,
  type ReceiveOutcome,
  type UnprocessableMail,
} from './inbound.service.ts';

/** What the receivers hand each message to (InboundService). */
export interface InboundSink {
  receive(raw: Buffer, meta: ReceiveMeta): Promise<ReceiveOutcome>;
  holdUnprocessable(input: UnprocessableMail): Promise<ReceiveOutcome>;
}

/** Failures before a message that keeps failing is held instead of retried (it must not block the rest). */
export const MAX_ATTEMPTS = 3;

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

// ---------------------------------------------------------------------------------------------------
// SMTP listener

/**
 * An inbound SMTP listener for those who route mail straight to the portal (e.g. from their MTA).
 * No SMTP AUTH; it is not a relay: every recipient must be in an accepted domain (550 otherwise). Each
 * message's sender is authenticated by the inbound service (SPF for the connecting address, HELO and MAIL
 * FROM; DKIM; DMARC: sender-auth.ts).
 * Messages above the size limit get 552. A message that cannot be processed is held for review; only when
 * even that fails (the database is down) does the sender get 451 and retry.
 */
export function createSmtpListener(options: {
  port: number;
  host: string;
  maxBytes: number;
  /** Accepted recipient domains (read on each RCPT, so a changed support address applies at once). */
  domains: () => Promise<string[]>;
  sink: InboundSink;
  log?: FastifyBaseLogger;
}) {
  const { SMTPServer } = load('smtp-server') as typeof import('smtp-server');
  const server = new SMTPServer({
    name: 'portico',
    banner: 'Portico inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    logger: false,
    closeTimeout: 5000,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback) {
      const domain = splitAddress(address.address)?.domain;
      options.domains().then(
        (accepted) => {
          if (domain && accepted.includes(domain)) callback();
          else
            callback(
              smtpError(550, `Relay access denied: this server accepts mail for ${accepted.join(', ')} only`),
            );
        },
        () => callback(smtpError(451, 'Temporary failure, try again later')),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e) => callback(e));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(
            smtpError(552, `Message too large: the limit is ${Math.round(options.maxBytes / 1048576)} MB`),
          );
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelope = session.envelope;
        options.sink
          .receive(raw, {
            via: 'smtp',
            envelopeFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
            envelopeTo: envelope.rcptTo.map((r) => r.address),
            // SPF asks whether this client may send for the envelope sender's (or HELO) domain.
            client: { ip: session.remoteAddress, helo: session.hostNameAppearsAs || null },
          })
          .then(
            () => callback(),
            async (error: unknown) => {
              // The sender cannot tell us apart from a bad message: hold it for review rather than have
              // it retried until it bounces. Only when even that fails is the sender asked to retry.
              options.log?.error({ err: error }, 'inbound email (SMTP) could not be processed');
              try {
                await options.sink.holdUnprocessable({
                  via: 'smtp',
                  raw,
                  messageId: null,
                  from: null,
                  subject: null,
                  reason: holdReasons.failed(1, error instanceof Error ? error.message : String(error)),
                });
                callback();
              } catch (holdError) {
                options.log?.error({ err: holdError }, 'inbound email (SMTP) could not be held either');
                callback(smtpError(451, 'Temporary failure processing the message, try again later'));
              }
            },
          );
      });
    },
  });
  server.on('error', (error) => options.log?.error({ err: error }, 'inbound SMTP listener error'));
  let listening = false;

  return {
    async start(): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        server.server.once('error', onError);
        server.listen(options.port, options.host, () => {
          server.server.off('error', onError);
          resolve();
        });
      });
      listening = true;
      return (server.server.address() as AddressInfo).port;
    },
    async stop(): Promise<void> {
      if (!listening) return;
      listening = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// IMAP poller

export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** `imaps://user:pass@host:993/INBOX` → connection settings (user and password URL-decoded). */
export function parseImapUrl(url: string): ImapTarget {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  if (!secure && u.protocol !== 'imap:') throw new Error('IMAP_URL must start with imap:// or imaps://');
  const mailbox = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox,
  };
}

export interface PollResult {
  processed: number;
  failed: number;
  held: number;
}

/**
 * Polls a mailbox: every unseen message is processed and then marked \Seen. On a processing error the
 * message stays unseen and is tried again at the next poll; after MAX_ATTEMPTS failures it is held for
 * review (and marked seen) so one bad message never blocks the others. Too-large messages are held
 * without being downloaded.
 */
export function createImapPoller(options: {
  url: string;
  pollSeconds: number;
  maxBytes: number;
  sink: InboundSink;
  log?: FastifyBaseLogger;
}) {
  const target = parseImapUrl(options.url);
  const failures = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PollResult> | null = null;
  let stopped = false;

  async function pollOnce(): Promise<PollResult> {
    const result: PollResult = { processed: 0, failed: 0, held: 0 };
    const { ImapFlow } = load('imapflow') as typeof import('imapflow');
    const client = new ImapFlow({
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: { user: target.user, pass: target.pass },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 120_000,
    });
    client.on('error', (error: unknown) => options.log?.warn({ err: error }, 'IMAP connection error'));
    await client.connect();
    try {
      const lock = await client.getMailboxLock(target.mailbox);
      try {
        const validity = String(client.mailbox ? client.mailbox.uidValidity : 0);
        const uids = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of uids) {
          if (stopped) break;
          const key = `${validity}:${uid}`;
          const head = await client.fetchOne(String(uid), { size: true, envelope: true }, { uid: true });
          if (!head) continue;
          const from = head.envelope?.from?.[0];
          const summary = {
            messageId: head.envelope?.messageId ?? null,
            from: from?.address ? { address: from.address.toLowerCase(), name: from.name ?? null } : null,
            subject: head.envelope?.subject ?? null,
          };
          let outcome: ReceiveOutcome | null = null;
          let raw: Buffer | null = null;
          try {
            if ((head.size ?? 0) > options.maxBytes) {
              outcome = await options.sink.holdUnprocessable({
                via: 'imap',
                raw: null,
                ...summary,
                reason: holdReasons.tooLarge(head.size ?? 0, options.maxBytes),
              });
            } else {
              const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
              raw = message ? (message.source ?? null) : null;
              if (!raw) continue;
              outcome = await options.sink.receive(raw, { via: 'imap', envelopeFrom: null });
            }
          } catch (error) {
            const attempts = (failures.get(key) ?? 0) + 1;
            failures.set(key, attempts);
            result.failed += 1;
            const message = error instanceof Error ? error.message : String(error);
            options.log?.warn({ err: error, uid, attempts }, 'inbound email (IMAP) could not be processed');
            if (attempts < MAX_ATTEMPTS) continue;
            try {
              outcome = await options.sink.holdUnprocessable({
                via: 'imap',
                raw,
                ...summary,
                reason: holdReasons.failed(attempts, message),
              });
            } catch (holdError) {
              options.log?.error({ err: holdError, uid }, 'inbound email (IMAP) could not be held either');
              continue;
            }
          }
          failures.delete(key);
          if (outcome?.status === 'held') result.held += 1;
          result.processed += 1;
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return result;
  }

  function tick() {
    if (running || stopped) return;
    running = pollOnce()
      .catch((error: unknown) => {
        options.log?.warn({ err: error }, 'IMAP poll failed');
        return { processed: 0, failed: 0, held: 0 };
      })
      .finally(() => {
        running = null;
      });
  }

  return {
    target,
    /** One poll now (tests; also the first poll when started). */
    async pollOnce(): Promise<PollResult> {
      while (running) await running;
      running = pollOnce().finally(() => {
        running = null;
      });
      return running;
    },
    start() {
      if (timer) return;
      stopped = false;
      tick();
      timer = setInterval(tick, options.pollSeconds * 1000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
