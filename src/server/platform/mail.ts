import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from './actor.ts';
import { randomToken } from './crypto.ts';
import type { Database, DbOrTrx } from './db/db.ts';
import { prepared, preparedShapes } from './db/prepared.ts';
import { INSERT_CHUNK, type Jobs } from './jobs.ts';

export interface OutgoingEmail {
  to: string;
  toName?: string | null;
  subject: string;
  html: string;
  text: string;
  /** The client the email concerns, for the outbox view. */
  clientId?: number | null;
  headers?: Record<string, string>;
  /** Files sent with it (a scheduled report); kept with the email until it is delivered. */
  attachments?: readonly EmailAttachment[];
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  /** The file's bytes, base64. */
  content: string;
}

export interface MailSettings {
  smtpUrl: string | null;
  from: string;
}

/** Header values never carry CR or LF: a name or subject cannot smuggle in another header. */
export function headerSafe(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

export type Mailer = ReturnType<typeof createMailer>;

// The delivery job's statements, compiled once (see prepared()): every notification email runs them.
const emailById = prepared((db: DbOrTrx, id: number) =>
  db.selectFrom('emails').selectAll().where('id', '=', id),
);
const markOutbox = prepared((db: DbOrTrx, id: number, at: string) =>
  db.updateTable('emails').set({ status: 'outbox', sent_at: at }).where('id', '=', id),
);
const countAttempt = prepared((db: DbOrTrx, id: number) =>
  db
    .updateTable('emails')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id),
);
/** Queued emails, a column each (one list per column, a row per index), for the prepared insert. */
interface EmailColumns extends Record<string, unknown> {
  to_address: string[];
  to_name: (string | null)[];
  subject: string[];
  html: string[];
  text: string[];
  message_id: string[];
  headers: string[];
  client_id: (number | null)[];
  created_at: string[];
  attachments: (string | null)[];
}
// An email is its client's row: under a client scope each row's client is checked (clientValue).
const insertEmails = preparedShapes(
  (db: DbOrTrx, _shape: null, v: EmailColumns) =>
    db
      .insertInto('emails')
      .values(
        v.to_address.map((_, i) => ({
          to_address: v.to_address[i] as string,
          to_name: v.to_name[i] as string | null,
          subject: v.subject[i] as string,
          html: v.html[i] as string,
          text: v.text[i] as string,
          message_id: v.message_id[i] as string,
          headers: v.headers[i] as string,
          status: 'queued' as const,
          client_id: v.client_id[i] as number | null,
          created_at: v.created_at[i] as string,
          attachments: v.attachments[i] as string | null,
        })),
      )
      .returning(['id', 'message_id']),
  { everyValueUsed: true, clientValue: 'client_id' },
);
const markSent = prepared((db: DbOrTrx, id: number, at: string) =>
  db.updateTable('emails').set({ status: 'sent', sent_at: at, last_error: null }).where('id', '=', id),
);

/**
 * Email goes out as a job written in the sender's transaction and delivered with retries. With no
 * SMTP server configured, delivery keeps the message in the local outbox, which staff read in the app.
 */
export function createMailer(deps: {
  database: Database;
  clock: Clock;
  jobs: Jobs;
  settings: MailSettings;
  fromName: () => Promise<string>;
  messageIdDomain: string;
}) {
  const { database, clock, jobs, settings } = deps;
  let transport: Transporter | null = null;
  const getTransport = () => {
    transport ??= settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : null;
    return transport;
  };

  jobs.register('email.send', async (payload, { lastAttempt }) => {
    const { emailId } = payload as { emailId: number };
    const { db } = database.system('email delivery');
    const [email] = await emailById(db, emailId);
    if (!email || email.status === 'sent' || email.status === 'outbox') return;
    const t = getTransport();
    if (!t) {
      await markOutbox(db, emailId, clock().toISOString());
      return;
    }
    await countAttempt(db, emailId);
    try {
      const fromName = headerSafe(await deps.fromName());
      await t.sendMail({
        from: { name: fromName, address: settings.from },
        to: email.to_name ? { name: headerSafe(email.to_name), address: email.to_address } : email.to_address,
        subject: headerSafe(email.subject),
        html: email.html,
        text: email.text,
        messageId: email.message_id,
        headers: JSON.parse(email.headers) as Record<string, string>,
        ...(email.attachments
          ? {
              attachments: (JSON.parse(email.attachments) as EmailAttachment[]).map((a) => ({
                filename: headerSafe(a.filename),
                contentType: a.contentType,
                content: Buffer.from(a.content, 'base64'),
              })),
            }
          : {}),
      });
      await markSent(db, emailId, clock().toISOString());
    } catch (error) {
      await db
        .updateTable('emails')
        .set({
          last_error: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
          ...(lastAttempt ? { status: 'failed' as const } : {}),
        })
        .where('id', '=', emailId)
        .execute();
      throw error;
    }
  });

  return {
    /** Queues an email in the caller's transaction; it leaves only if that transaction commits. */
    async queue(db: DbOrTrx, email: OutgoingEmail): Promise<{ messageId: string }> {
      const [queued] = await this.queueMany(db, [email]);
      return queued as { messageId: string };
    },

    /** Several emails in a few statements (one insert of emails, one of their jobs), in the given order. */
    async queueMany(db: DbOrTrx, emails: readonly OutgoingEmail[]): Promise<{ messageId: string }[]> {
      const createdAt = clock().toISOString();
      const rows = emails.map((email) => ({
        to_address: email.to,
        to_name: email.toName ?? null,
        subject: headerSafe(email.subject),
        html: email.html,
        text: email.text,
        message_id: `<${randomToken(18)}@${deps.messageIdDomain}>`,
        headers: JSON.stringify(
          Object.fromEntries(
            Object.entries(email.headers ?? {}).map(([k, v]) => [headerSafe(k), headerSafe(v)]),
          ),
        ),
        status: 'queued' as const,
        client_id: email.clientId ?? null,
        created_at: createdAt,
        attachments: email.attachments?.length ? JSON.stringify(email.attachments) : null,
      }));
      for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
        const chunk = rows.slice(at, at + INSERT_CHUNK);
        const inserted = await insertEmails(db, '', null, {
          to_address: chunk.map((r) => r.to_address),
          to_name: chunk.map((r) => r.to_name),
          subject: chunk.map((r) => r.subject),
          html: chunk.map((r) => r.html),
          text: chunk.map((r) => r.text),
          message_id: chunk.map((r) => r.message_id),
          headers: chunk.map((r) => r.headers),
          client_id: chunk.map((r) => r.client_id),
          created_at: chunk.map((r) => r.created_at),
          attachments: chunk.map((r) => r.attachments),
        });
        // RETURNING's order is not promised: the jobs follow the emails' own order, by Message-ID.
        const ids = new Map(inserted.map((r) => [r.message_id, r.id]));
        await jobs.enqueueMany(
          db,
          'email.send',
          rows.slice(at, at + INSERT_CHUNK).map((r) => ({ emailId: ids.get(r.message_id) })),
        );
      }
      return rows.map((r) => ({ messageId: r.message_id }));
    },

    async close() {
      transport?.close();
    },
  };
}
