import { parseArgs } from 'node:util';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { createDatabase } from '../platform/db/db.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';

/**
 * `portico worker`: runs jobs, recurring sweeps and mail receivers without serving HTTP, so app
 * processes can run with `--no-workers` (WORKERS=false) behind a load balancer. It builds the same app
 * (same modules, adapters and job handlers) but never listens; SIGTERM/SIGINT finish the job in hand
 * and exit 0. Several workers may run: jobs are claimed with a lease (`FOR UPDATE SKIP LOCKED` on
 * PostgreSQL) and each run of a schedule is enqueued once (its unique key).
 */
export async function runWorker(config: Config, args: string[]): Promise<void> {
  parseArgs({ args, options: {}, strict: true });
  const database = createDatabase(config);
  const { applied } = await migrateToLatest(database);
  const { app, services } = await buildApp({ config, database });
  if (applied.length) app.log.info({ applied }, 'migrations applied');
  await app.ready();

  let closing = false;
  let keepAlive: NodeJS.Timeout | null = null;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'worker shutting down: finishing the job in hand');
    const timer = setTimeout(() => {
      app.log.error('worker shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    timer.unref();
    if (keepAlive) clearInterval(keepAlive);
    try {
      await app.close(); // stops the background work, then the mailer, event bus and adapters
      await database.close();
    } catch (err) {
      app.log.error({ err }, 'worker shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await services.startBackground();
  // The job runner's timer is unref'd (it must not hold a serving process open); here the worker is
  // the whole point of the process, so keep it alive until a signal arrives.
  keepAlive = setInterval(() => {}, 1 << 30);
  const where = config.database.dialect === 'sqlite' ? config.database.path : 'PostgreSQL';
  app.log.info({ tasks: app.background.names }, `Portico worker is running (database: ${where})`);
}
