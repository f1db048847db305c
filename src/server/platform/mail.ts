import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from './actor.ts';
import { randomToken } from './crypto.ts';
import type { Database, DbOrTrx } from './db/db.ts';
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
    const email = await db.selectFrom('emails').selectAll().where('id', '=', emailId).executeTakeFirst();
    if (!email || email.status === 'sent' || email.status === 'outbox') return;
    const t = getTransport();
    if (!t) {
      await db
        .updateTable('emails')
        .set({ status: 'outbox', sent_at: clock().toISOString() })
        .where('id', '=', emailId)
        .execute();
      return;
    }
    await db
      .updateTable('emails')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', emailId)
      .execute();
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
      });
      await db
        .updateTable('emails')
        .set({ status: 'sent', sent_at: clock().toISOString(), last_error: null })
        .where('id', '=', emailId)
        .execute();
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
      }));
      for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
        const inserted = await db
          .insertInto('emails')
          .values(rows.slice(at, at + INSERT_CHUNK))
          .returning(['id', 'message_id'])
          .execute();
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
