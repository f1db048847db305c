/**
 * Test support for the inbound email tests: raw messages built with nodemailer's composer, and a real
 * IMAP server (Dovecot from the distribution, run in the foreground with its own config in a temp dir).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { readStoredText } from '../../platform/stored-text.ts';
import type { DkimKey } from '../../test/dns.ts';
import type { CapturedMail, startSmtpSink } from '../../test/smtp.ts';

export type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

/** The support mailbox inbound mail is sent to, and the demo contact who usually writes. */
export const SUPPORT = 'support@support.example';
export const ALICE = 'primary@acme.example';

/** A header of a captured email as text ('' when it has none; several values joined by spaces). */
export function header(mail: CapturedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(' ');
  return (value as { text?: string }).text ?? String(value);
}

/** A 1×1 PNG. */
export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function rawEmail(options: Mail.Options): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

/** A raw message signed with DKIM by nodemailer (its `dkim` option), as the sender's server would sign it. */
export async function signedEmail(options: Mail.Options, dkim: DkimKey): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, dkim });
  const info = await transport.sendMail(options);
  return info.message as Buffer;
}

export async function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
}

/** Where Dovecot is, or null (the IMAP tests then skip, saying how to install it). */
export function dovecotBinary(): string | null {
  for (const candidate of ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot']) {
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v dovecot'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

export const DOVECOT_MISSING =
  'Dovecot is not installed, so the IMAP tests are skipped. Install it with: apt-get install -y dovecot-imapd';

export interface ImapTestServer {
  url: string;
  user: string;
  pass: string;
  port: number;
  /** Puts a message into the mailbox (unseen). */
  append(raw: Buffer): Promise<void>;
  /** Flags of every message in the mailbox, by its Message-ID header. */
  flags(): Promise<Map<string, Set<string>>>;
  close(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on ${port}: ${log()}`);
}

/** A Dovecot IMAP server on 127.0.0.1 with one mailbox user, plain login, maildir in a temp dir. */
export async function startImapServer(): Promise<ImapTestServer | null> {
  const binary = dovecotBinary();
  if (!binary) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-imap-'));
  // Dovecot's unprivileged processes must reach the run directory.
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(path.join(dir, sub));
  const root = process.getuid?.() === 0;
  const me = userInfo();
  // Mail is never accessed as root: as root the mailbox belongs to "nobody"; otherwise to the test user.
  const mailUid = root ? 65534 : me.uid;
  const mailGid = root ? 65534 : me.gid;
  if (root) chownSync(path.join(dir, 'mail'), mailUid, mailGid);
  const user = SUPPORT;
  const pass = 'imap-test-password';
  writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${pass}\n`);
  const port = await freePort();
  const conf = [
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `mail_location = maildir:${dir}/mail/%u`,
    'first_valid_uid = 1',
    ...(root ? [] : [`default_login_user = ${me.username}`, `default_internal_user = ${me.username}`]),
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${dir}/passwd`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${mailUid} gid=${mailGid} home=${dir}/mail/%u`,
    '}',
    'service imap-login {',
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    '}',
    '',
  ].join('\n');
  const confFile = path.join(dir, 'dovecot.conf');
  writeFileSync(confFile, conf);
  let output = '';
  const child = spawn(binary, ['-F', '-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  await waitForPort(port, child, () => output);

  const connect = async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass },
      logger: false,
    });
    await client.connect();
    return client;
  };

  return {
    url: `imap://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}/INBOX`,
    user,
    pass,
    port,
    async append(raw) {
      const client = await connect();
      try {
        await client.append('INBOX', raw, []);
      } finally {
        await client.logout();
      }
    },
    async flags() {
      const client = await connect();
      const out = new Map<string, Set<string>>();
      try {
        const lock = await client.getMailboxLock('INBOX');
        try {
          for await (const m of client.fetch('1:*', { envelope: true, flags: true })) {
            out.set(m.envelope?.messageId ?? String(m.uid), m.flags ?? new Set());
          }
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
      return out;
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stored hold reason (a catalogue message kept as JSON) as English text, for assertions. */
export function inEnglish(reason: string | null | undefined): string {
  return reason == null ? '' : readStoredText(reason, 'en');
}
