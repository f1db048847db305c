import { parseArgs } from 'node:util';
import { staffRoles } from '../shared/permissions.ts';
import { email as emailSchema } from '../shared/schemas/common.ts';
import { buildApp, createConfiguredStorage } from './app.ts';
import { runBackup } from './cli/backup.ts';
import { runWorker } from './cli/worker.ts';
import { type Config, ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { createSettingsService } from './modules/settings/settings.service.ts';
import { createSetupService } from './modules/setup/setup.service.ts';
import { insertStaffUser, prepareStaffUser } from './modules/staff/staff.service.ts';
import { createAudit } from './platform/audit.ts';
import { randomToken } from './platform/crypto.ts';
import { createDatabase, type Database } from './platform/db/db.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { AppError, errorText } from './platform/errors.ts';

const usage = `Usage: portico <command> [options]

Commands:
  serve [--no-workers]  Apply migrations and serve the app (default); --no-workers (or
                        WORKERS=false) leaves background work to \`portico worker\`
  migrate               Apply pending database migrations
  demo [--json]         Load demo data into an empty database and print the logins
  generate [--size small|large] [--clients N] [--seed S] [--json]
                        Fill an empty database with generated data for benchmarks
  worker                Run background jobs and mail receivers without serving HTTP
  backup [--out FILE]   Online backup of the SQLite database (PostgreSQL: use pg_dump)
  user create --email E --name N [--role R] [--password P]
                        Create a staff user (roles: ${staffRoles.join(', ')}); without
                        --password a strong one is generated and printed once

Configuration comes from environment variables and an optional .env file; see README.md.`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = createDatabase(config);
  try {
    await migrateToLatest(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function serve(config: Config, args: string[]) {
  const { values } = parseArgs({ args, options: { 'no-workers': { type: 'boolean' } }, strict: true });
  // Background work (jobs, recurring sweeps, mail receivers) runs here unless a separate
  // `portico worker` does it: --no-workers or WORKERS=false.
  const workers = config.workers && !values['no-workers'];
  const database = createDatabase(config);
  const { applied } = await migrateToLatest(database);
  const { app, services } = await buildApp({ config, database });
  if (applied.length) app.log.info({ applied }, 'migrations applied');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    timer.unref();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  if (workers) await services.startBackground();
  else app.log.info('background work is off in this process (run `portico worker`)');
  const where = config.database.dialect === 'sqlite' ? config.database.path : 'PostgreSQL';
  app.log.info(`Portico is ready at ${config.baseUrl.origin} (database: ${where})`);
}

async function demo(config: Config, json: boolean) {
  await withDatabase(config, async (database) => {
    const clock = () => new Date();
    const settings = createSettingsService({
      database,
      storage: createConfiguredStorage(config),
      clock,
    });
    const setup = createSetupService({ database, clock, settings, audit: createAudit({ clock }) });
    let logins: Awaited<ReturnType<typeof setup.loadDemo>>;
    try {
      logins = await setup.loadDemo();
    } catch (e) {
      if (e instanceof AppError && e.code === 'already_set_up') {
        fail('The database is not empty: demo data loads only into a new database. Nothing was changed.');
      }
      throw e;
    }
    if (json) {
      for (const l of logins) {
        const { name: _name, ...rest } = l;
        console.log(JSON.stringify({ ...rest, password: 'portico-demo' }));
      }
      return;
    }
    console.log(`Demo data loaded. Every demo account uses the password "portico-demo".\n`);
    for (const l of logins) {
      const what =
        l.kind === 'staff' ? `staff, ${l.role}` : `contact at ${l.client}, ${l.presets?.join(' + ')}`;
      console.log(`  ${l.email.padEnd(28)} ${what}`);
    }
    console.log(
      `\nStaff sign in at ${config.baseUrl.origin}/staff/, contacts at ${config.baseUrl.origin}/portal/`,
    );
  });
}

async function createUser(config: Config, args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      password: { type: 'string' },
    },
    strict: true,
  });
  const email = emailSchema.safeParse(values.email ?? '');
  if (!email.success) fail('user create: --email must be a valid email address');
  if (!values.name?.trim()) fail('user create: --name is required');
  const role = staffRoles.find((r) => r === values.role);
  if (!role) fail(`user create: --role must be one of ${staffRoles.join(', ')}`);
  const generated = values.password === undefined;
  const password = values.password ?? randomToken(24);
  await withDatabase(config, async (database) => {
    const settings = createSettingsService({
      database,
      storage: createConfiguredStorage(config),
      clock: () => new Date(),
    });
    if (!(await settings.isSetUp()))
      fail('user create: finish setup first (open the app in a browser, or run `npm run demo`).');
    try {
      const user = await prepareStaffUser(
        { name: values.name!.trim(), email: email.data, role, password, mustChangePassword: generated },
        'password',
        { minLength: (await settings.securityPolicy()).passwordMinLength },
      );
      await database
        .system('`portico user create` on the command line')
        .transaction((trx) => insertStaffUser(trx, () => new Date(), user));
    } catch (e) {
      if (e instanceof AppError)
        fail(
          `user create: ${
            e.fields
              ? Object.values(e.fields)
                  .map((f) => errorText(f, 'en'))
                  .join(' ')
              : e.message
          }`,
        );
      throw e;
    }
  });
  console.log(`Created ${role} ${email.data}.`);
  if (generated) console.log(`Password (shown once): ${password}`);
}

async function main() {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  const [command = 'serve', ...rest] = process.argv.slice(2);
  switch (command) {
    case 'serve':
      return serve(config, rest);
    case 'migrate':
      return withDatabase(config, async () => {
        console.log('Database is up to date.');
      });
    case 'demo':
      return demo(config, rest.includes('--json'));
    case 'generate':
      // The generator (and its image library) loads only for this command.
      return (await import('./cli/generate.ts')).runGenerate(config, rest);
    case 'worker':
      return runWorker(config, rest);
    case 'backup':
      return runBackup(config, rest);
    case 'user':
      if (rest[0] === 'create') return createUser(config, rest.slice(1));
      return fail(usage);
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return;
    default:
      return fail(`Unknown command "${command}".\n\n${usage}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
