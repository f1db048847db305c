import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { ConfigError, loadConfig } from '../../config.ts';
import { createTestApp } from '../../test/harness.ts';
import { createSmtpListener, type InboundSink } from './receivers.ts';
import { inEnglish } from './test-support.ts';

describe('inbound email settings', () => {
  test('both receivers are off unless configured', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    assert.deepEqual(config.inbound, { imap: null, smtp: null, maxBytes: 25 * 1024 * 1024 });
  });

  test('IMAP_URL, INBOUND_SMTP_* and INBOUND_MAX_MB are read', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      IMAP_URL: 'imaps://support%40example.com:secret@imap.example.com/INBOX',
      IMAP_POLL_SECONDS: '30',
      INBOUND_SMTP_PORT: '2525',
      INBOUND_SMTP_HOST: '0.0.0.0',
      INBOUND_SMTP_DOMAINS: 'Support.Example.com, help.example.org',
      INBOUND_MAX_MB: '10',
    });
    assert.deepEqual(config.inbound, {
      imap: { url: 'imaps://support%40example.com:secret@imap.example.com/INBOX', pollSeconds: 30 },
      smtp: { port: 2525, host: '0.0.0.0', domains: ['support.example.com', 'help.example.org'] },
      maxBytes: 10 * 1024 * 1024,
    });
  });

  test('wrong values are refused with a message; the IMAP password is never echoed', () => {
    const refused = (env: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => loadConfig({ NODE_ENV: 'test', ...env }),
        (e: Error) => e instanceof ConfigError && pattern.test(e.message),
      );
    refused(
      { IMAP_URL: 'pop3://u:topsecret@host' },
      /^Invalid configuration: IMAP_URL must look like imaps:/,
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', IMAP_URL: 'http://u:topsecret@host' }),
      (e: Error) => !e.message.includes('topsecret'),
    );
    refused({ IMAP_POLL_SECONDS: '1' }, /IMAP_POLL_SECONDS must be a whole number between 5 and 86400/);
    refused({ INBOUND_SMTP_PORT: '70000' }, /INBOUND_SMTP_PORT must be a port number/);
    refused({ INBOUND_SMTP_PORT: 'abc' }, /INBOUND_SMTP_PORT/);
    refused({ INBOUND_SMTP_DOMAINS: 'not a domain' }, /INBOUND_SMTP_DOMAINS must be a comma-separated list/);
    refused({ INBOUND_MAX_MB: '0' }, /INBOUND_MAX_MB/);
  });

  test('the receivers start with the background work (as `serve` and `worker` do) and stop when it closes', async () => {
    const t = await createTestApp({ env: { INBOUND_SMTP_PORT: '0', MAIL_FROM: 'support@support.example' } });
    try {
      assert.equal(t.app.inboundMail.running, false, 'not in a process that only injects requests');
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      assert.equal(t.app.inboundMail.running, false, 'listening alone starts no background work');
      assert.ok(t.app.background.names.includes('ticket-email.receivers'));
      await t.services.startBackground();
      await t.services.startBackground(); // idempotent
      assert.equal(t.app.inboundMail.running, true);
      const port = t.app.inboundMail.smtpPort;
      assert.ok(port);
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
      });
      assert.equal(await transport.verify(), true, 'the listener answers');
      transport.close();
    } finally {
      await t.close();
    }
    assert.equal(t.app.inboundMail.running, false);
    assert.equal(t.app.inboundMail.smtpPort, null);
  });

  test('SMTP: a message that cannot be processed is held (250); only when holding fails too, 451', async () => {
    let holdWorks = true;
    const held: string[] = [];
    const sink: InboundSink = {
      async receive() {
        throw new Error('cannot read this one');
      },
      async holdUnprocessable(input) {
        if (!holdWorks) throw new Error('database down');
        held.push(inEnglish(input.reason));
        return { status: 'held', inboundId: 1, ticketId: null, reason: input.reason };
      },
    };
    const listener = createSmtpListener({
      port: 0,
      host: '127.0.0.1',
      maxBytes: 1024 * 1024,
      domains: async () => ['support.example'],
      sink,
    });
    const port = await listener.start();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    try {
      const mail = { from: 'a@b.example', to: 'help@support.example', subject: 'x', text: 'x' };
      await transport.sendMail(mail);
      assert.deepEqual(held, ['The email could not be processed: cannot read this one']);
      holdWorks = false;
      await assert.rejects(
        transport.sendMail(mail),
        (e: Error & { responseCode?: number }) => e.responseCode === 451,
      );
    } finally {
      transport.close();
      await listener.stop();
    }
  });
});
