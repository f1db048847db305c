import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import {
  GENERATED_PASSWORD,
  type GenerateOptions,
  generate,
  generateSizes,
} from '../modules/generate/generate.service.ts';
import { formatCount, formatDuration, terminalProgress } from '../modules/generate/progress.ts';
import { createDatabase } from '../platform/db/db.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { AppError } from '../platform/errors.ts';
import { localStorage, type Storage } from '../platform/storage.ts';
import { s3Storage } from '../platform/storage-s3.ts';

const usage = `Usage: portico generate [--size small|large] [--clients N] [--contacts N] [--tickets N]
                        [--messages N] [--attachments N] [--seed S] [--now ISO] [--json]

Fills an EMPTY database with realistic, reproducible data for benchmarks (a set-up database is refused
and left unchanged). Sizes: small (50 clients, 1,000 contacts, 20,000 tickets, 100,000 messages) and
large (2,000 clients, 100,000 contacts, 2,000,000 tickets, 10,000,000 messages). --clients alone scales
the contacts with it, --tickets alone scales the messages. The same --seed (default "portico") gives the
same data; timestamps are relative to now unless --now pins it. Every account's password is
"${GENERATED_PASSWORD}"; --json prints the logins as JSON lines, like \`portico demo --json\`.`;

class UsageError extends Error {}

/** Results go to stdout (the logins, so `--json` output can be piped); progress and notes to stderr. */
function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return n;
}

/** The generation plan from the command line (exported for tests). */
export function planFromArgs(
  args: string[],
  now = new Date(),
): Omit<GenerateOptions, 'storage' | 'progress'> & { json: boolean } {
  const { values } = parseArgs({
    args,
    options: {
      size: { type: 'string', default: 'small' },
      clients: { type: 'string' },
      contacts: { type: 'string' },
      tickets: { type: 'string' },
      messages: { type: 'string' },
      attachments: { type: 'string' },
      seed: { type: 'string', default: 'portico' },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.size !== 'small' && values.size !== 'large')
    throw new UsageError('--size must be small or large');
  const size = generateSizes[values.size];
  const clients = count('clients', values.clients) ?? size.clients;
  const contacts =
    count('contacts', values.contacts) ??
    (values.clients === undefined ? size.contacts : Math.round((clients * size.contacts) / size.clients));
  const tickets = count('tickets', values.tickets) ?? size.tickets;
  const messages =
    count('messages', values.messages) ??
    (values.tickets === undefined ? size.messages : Math.round((tickets * size.messages) / size.tickets));
  const attachments = count('attachments', values.attachments) ?? Math.min(300, Math.ceil(messages / 20));
  if (clients < 1) throw new UsageError('--clients must be at least 1');
  if (contacts < clients) throw new UsageError('--contacts must be at least the number of clients');
  if (messages > 0 && tickets === 0) throw new UsageError('--messages needs at least one ticket');
  let at = now;
  if (values.now !== undefined) {
    at = new Date(values.now);
    if (Number.isNaN(at.getTime()) || !/(Z|[+-]\d\d:?\d\d)$/i.test(values.now)) {
      throw new UsageError('--now must be an ISO-8601 instant with a zone, e.g. 2026-03-02T09:00:00Z');
    }
  }
  return { clients, contacts, tickets, messages, attachments, seed: values.seed, now: at, json: values.json };
}

/** `portico generate`: fills an empty database with generated data for benchmarks (issue 5). */
export async function runGenerate(config: Config, args: string[]): Promise<void> {
  let plan: ReturnType<typeof planFromArgs>;
  try {
    plan = planFromArgs(args);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`generate: ${(e as Error).message}\n\n${usage}`);
      process.exit(1);
    }
    throw e;
  }
  const database = createDatabase(config);
  const storage: Storage =
    config.storage.kind === 's3'
      ? s3Storage(config.storage)
      : localStorage(path.join(config.dataDir, 'files'));
  try {
    await migrateToLatest(database);
    const where = config.database.dialect === 'sqlite' ? config.database.path : 'PostgreSQL';
    console.error(
      `Generating ${formatCount(plan.clients)} clients, ${formatCount(plan.contacts)} contacts, ` +
        `${formatCount(plan.tickets)} tickets, ${formatCount(plan.messages)} messages (seed "${plan.seed}") into ${where}`,
    );
    const { json, ...options } = plan;
    let result: Awaited<ReturnType<typeof generate>>;
    try {
      result = await generate(database, { ...options, storage, progress: terminalProgress() });
    } catch (e) {
      if (e instanceof AppError && e.code === 'already_set_up') {
        console.error(e.message);
        process.exit(1);
      }
      throw e;
    }
    const summary = Object.entries(result.counts)
      .map(([table, n]) => `  ${table.padEnd(24)} ${formatCount(n).padStart(12)}`)
      .join('\n');
    const report = `Generated in ${formatDuration(result.ms)}:\n${summary}`;
    if (json) {
      console.error(report);
      for (const l of result.logins) {
        const { name: _name, ...rest } = l;
        out(JSON.stringify({ ...rest, password: GENERATED_PASSWORD }));
      }
      return;
    }
    out(`${report}\n\nEvery generated account uses the password "${GENERATED_PASSWORD}".\n`);
    const staff = result.logins.filter((l) => l.kind === 'staff');
    const contacts = result.logins.filter((l) => l.kind === 'contact');
    for (const l of staff) out(`  ${l.email.padEnd(40)} staff, ${l.role}`);
    for (const l of contacts.slice(0, 10)) {
      out(`  ${l.email.padEnd(40)} contact at ${l.client}, ${l.presets?.join(' + ')}`);
    }
    if (contacts.length > 10) {
      out(`  … and ${formatCount(contacts.length - 10)} more contact logins (--json lists them all)`);
    }
    out(`\nStaff sign in at ${config.baseUrl.origin}/staff/, contacts at ${config.baseUrl.origin}/portal/`);
  } finally {
    await storage.close?.();
    await database.close();
  }
}
