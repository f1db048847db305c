import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestApp } from '../test/harness.ts';
import { startSmtpSink } from '../test/smtp.ts';
import { INSERT_CHUNK } from './jobs.ts';

describe('outgoing email', () => {
  test('is queued in the sender’s transaction and delivered over SMTP in the branding', async () => {
    const smtp = await startSmtpSink();
    const t = await createTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'help@harbour.example' } });
    try {
      await t.services.setup.setup({
        organisationName: 'Harbour IT',
        ownerName: 'Maya',
        ownerEmail: 'maya@harbour.example',
        ownerPassword: 'a long enough passphrase',
        loadDemo: false,
      });
      const { email } = t.services.deps;
      await t.db.transaction().execute((trx) =>
        email.send(
          trx,
          { email: 'dana@acme.example', name: 'Dana\r\nBcc: evil@x.example' },
          {
            subject: 'Hello <there>\r\nBcc: evil@x.example',
            heading: 'Welcome',
            paragraphs: ['<script>alert(1)</script> is shown as text.'],
            action: { label: 'Open the portal', url: email.link('/portal/') },
          },
        ),
      );
      // A rolled-back transaction sends nothing.
      await t.database
        .transaction(async (trx) => {
          await email.send(
            trx,
            { email: 'nobody@acme.example' },
            { subject: 'Never', heading: 'x', paragraphs: [] },
          );
          throw new Error('roll back');
        })
        .catch(() => {});
      assert.equal(await t.services.jobs.drain(), 1);
      const [mail] = await smtp.waitFor(1);
      assert.deepEqual(mail?.to, ['dana@acme.example']);
      assert.equal(mail?.from, 'help@harbour.example');
      assert.match(mail?.subject ?? '', /^\[Harbour IT\] Hello <there> Bcc: evil@x\.example$/);
      const headerBlock = (mail?.raw ?? '').split(/\r?\n\r?\n/)[0] ?? '';
      assert.doesNotMatch(headerBlock, /^Bcc:/im, 'no header was injected');
      assert.equal(mail?.headers.get('bcc'), undefined);
      assert.match(mail?.html ?? '', /&lt;script&gt;/);
      assert.doesNotMatch(mail?.html ?? '', /<script>/);
      assert.match(mail?.text ?? '', /Open the portal: http:\/\/localhost:3000\/portal\//);
      assert.ok(mail?.messageId);
      const row = await t.db.selectFrom('emails').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.status, 'sent');
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  test('a mail server that refuses is retried later; nothing is lost or sent twice', async () => {
    const smtp = await startSmtpSink({ failFirst: 2 });
    const t = await createTestApp({ env: { SMTP_URL: smtp.url } });
    try {
      await t.services.setup.setup({
        organisationName: 'Harbour IT',
        ownerName: 'Maya',
        ownerEmail: 'maya@harbour.example',
        ownerPassword: 'a long enough passphrase',
        loadDemo: false,
      });
      await t.db
        .transaction()
        .execute((trx) =>
          t.services.deps.email.send(
            trx,
            { email: 'dana@acme.example' },
            { subject: 'Retry me', heading: 'x', paragraphs: [] },
          ),
        );
      await t.services.jobs.drain();
      assert.equal(smtp.received.length, 0);
      for (let i = 0; i < 3; i++) {
        t.clock.advance(60 * 60_000);
        await t.services.jobs.drain();
      }
      assert.equal(smtp.received.length, 1);
      const row = await t.db.selectFrom('emails').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.status, 'sent');
      assert.equal(row.attempts, 3);
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  test('after the last retry an email is marked failed, with the reason', async () => {
    const smtp = await startSmtpSink({ failFirst: 100 });
    const t = await createTestApp({ env: { SMTP_URL: smtp.url } });
    try {
      await t.db.transaction().execute(async (trx) => {
        await t.services.deps.mailer.queue(trx, {
          to: 'a@b.example',
          subject: 'Doomed',
          html: '<p>x</p>',
          text: 'x',
        });
      });
      for (let i = 0; i < 12; i++) {
        await t.services.jobs.drain();
        t.clock.advance(2 * 60 * 60_000);
      }
      const row = await t.db.selectFrom('emails').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.status, 'failed');
      assert.match(String(row.last_error), /busy/i);
      assert.equal(row.attempts, 10);
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  test('without SMTP, mail stays in the local outbox', async () => {
    const t = await createTestApp();
    try {
      await t.db.transaction().execute((trx) =>
        t.services.deps.mailer.queue(trx, {
          to: 'a@b.example',
          subject: 'Kept',
          html: '<p>x</p>',
          text: 'x',
        }),
      );
      await t.services.jobs.drain();
      const row = await t.db.selectFrom('emails').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.status, 'outbox');
    } finally {
      await t.close();
    }
  });

  test('many emails queued at once keep their order, each with its own job, past one insert’s worth', async () => {
    const t = await createTestApp();
    try {
      const count = INSERT_CHUNK + 5;
      const queued = await t.db.transaction().execute((trx) =>
        t.services.deps.mailer.queueMany(
          trx,
          Array.from({ length: count }, (_, i) => ({
            to: `person${i}@b.example`,
            subject: `Number ${i}`,
            html: `<p>${i}</p>`,
            text: String(i),
          })),
        ),
      );
      assert.equal(queued.length, count);
      const rows = await t.db
        .selectFrom('emails')
        .select(['id', 'to_address', 'message_id'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.message_id),
        queued.map((q) => q.messageId),
      );
      assert.equal(rows[count - 1]?.to_address, `person${count - 1}@b.example`);
      const jobs = await t.db.selectFrom('jobs').select('payload').where('kind', '=', 'email.send').execute();
      assert.deepEqual(
        jobs.map((j) => (JSON.parse(j.payload) as { emailId: number }).emailId).sort((a, b) => a - b),
        rows.map((r) => r.id),
      );
      assert.equal(await t.services.jobs.drain(), count);
    } finally {
      await t.close();
    }
  });
});
