import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { root, startServer } from '../../../tests/support/server.ts';
import { buildApp } from '../app.ts';
import { Client, createTestDatabase, setUp, type TestApp, type TestDatabase } from '../test/harness.ts';
import { startSmtpSink } from '../test/smtp.ts';

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

/** Starts `portico worker` as a real process and waits until it says it runs. */
async function startWorker(env: Record<string, string>) {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'worker'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A guard against a child that never starts, not a speed check: on a loaded machine tsx alone can
  // take half a minute to load the server.
  const deadline = Date.now() + 120_000;
  while (!output.includes('Portico worker is running')) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker did not start within 120 s:\n${output}`);
    }
    await sleep(50);
  }
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('background work: serve --no-workers / WORKERS=false and `portico worker`', () => {
  let sink: Sink;
  let tdb: TestDatabase;
  let env: Record<string, string>;

  before(async () => {
    sink = await startSmtpSink();
    tdb = await createTestDatabase({ env: { SMTP_URL: sink.url, MAIL_FROM: 'portal@example.com' } });
    const db = tdb.config.database;
    env = {
      DATA_DIR: tdb.dataDir,
      DATABASE_URL: db.dialect === 'postgres' ? db.url : db.path,
      SMTP_URL: sink.url,
      MAIL_FROM: 'portal@example.com',
      LOG_LEVEL: 'info',
    };
  });
  after(async () => {
    await tdb?.drop();
    await sink?.close();
  });

  /** Queues an email from an app instance that runs no background work (as an app process would). */
  async function queueEmail(subject: string) {
    const { app, services } = await buildApp({
      config: tdb.config,
      database: tdb.database,
      logger: false,
      clock: () => new Date(),
    });
    try {
      await app.ready();
      assert.equal(app.background.running, false);
      await tdb.db.transaction().execute((trx) =>
        services.deps.mailer.queue(trx, {
          to: 'someone@example.com',
          subject,
          html: `<p>${subject}</p>`,
          text: subject,
        }),
      );
    } finally {
      await app.close();
    }
  }

  const emailJobs = () =>
    tdb.db.selectFrom('jobs').select(['id', 'done_at']).where('kind', '=', 'email.send').execute();
  const recurring = () =>
    tdb.db
      .selectFrom('job_schedules')
      .select('name as kind')
      .where('name', 'in', ['tickets.sla-sweep', 'tickets.auto-close'])
      .execute();

  test('serve with WORKERS=false runs no jobs; a separate worker process runs them and stops on SIGTERM', async () => {
    await queueEmail('Queued while no worker runs');
    const server = await startServer({ env: { ...env, WORKERS: 'false' } });
    try {
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      // The job runner would tick every second: give it several chances.
      await sleep(3500);
      assert.equal(sink.received.length, 0, 'serve with WORKERS=false sent nothing');
      assert.deepEqual(
        (await emailJobs()).map((j) => j.done_at),
        [null],
      );
      assert.deepEqual(await recurring(), [], 'nor scheduled the recurring ticket jobs');
      assert.match(server.output(), /background work is off in this process/);

      const worker = await startWorker(env);
      try {
        const [mail] = await sink.waitFor(1, 20_000);
        assert.equal(mail?.subject, 'Queued while no worker runs');
        for (let i = 0; i < 600 && (await emailJobs())[0]?.done_at === null; i++) await sleep(50);
        assert.notEqual((await emailJobs())[0]?.done_at, null, 'the job is marked done');
        // The worker writes the code-defined schedules when it starts (their runs come on the minute).
        for (let i = 0; i < 600 && (await recurring()).length !== 2; i++) await sleep(50);
        assert.deepEqual(
          (await recurring()).map((r) => r.kind).sort(),
          ['tickets.auto-close', 'tickets.sla-sweep'],
          'one schedule for each recurring job',
        );
        // A second start (another worker, a restart) does not multiply the schedules.
        const second = await startWorker(env);
        assert.equal((await second.stop()) ?? 0, 0, second.output());
        assert.equal((await recurring()).length, 2);
      } finally {
        const code = await worker.stop();
        assert.equal(code, 0, worker.output());
        assert.match(worker.output(), /worker shutting down/);
      }
    } finally {
      assert.equal(await server.stop(), 0, server.output());
      await server.dispose();
    }
  });

  test('serve --no-workers does the same; serve without it runs the jobs itself', async () => {
    const before = sink.received.length;
    await queueEmail('Queued for a serving process');
    const off = await startServer({ env, args: ['serve', '--no-workers'] });
    try {
      await sleep(2500);
      assert.equal(sink.received.length, before, '--no-workers sent nothing');
    } finally {
      assert.equal(await off.stop(), 0, off.output());
      await off.dispose();
    }
    const on = await startServer({ env });
    try {
      const mails = await sink.waitFor(before + 1, 20_000);
      assert.equal(mails.at(-1)?.subject, 'Queued for a serving process');
    } finally {
      assert.equal(await on.stop(), 0, on.output());
      await on.dispose();
    }
  });

  test('`portico worker` runs the domain event subscribers: a ticket opened where no worker runs gets its emails', async () => {
    const { app } = await buildApp({
      config: tdb.config,
      database: tdb.database,
      logger: false,
      clock: () => new Date(),
    });
    let ticketId: number;
    try {
      await app.ready();
      await setUp({ app } as unknown as TestApp, { demo: true });
      const alice = new Client(app);
      await alice.login('primary@acme.example');
      const res = await alice.post('/api/v1/tickets', {
        subject: 'Opened while no worker runs',
        description: 'The printer is offline.',
      });
      assert.equal(res.statusCode, 201, res.body);
      ticketId = (res.json() as { id: number }).id;
    } finally {
      await app.close();
    }
    const delivery = async () =>
      (
        await tdb.database.db
          .selectFrom('jobs')
          .select(['payload', 'done_at'])
          .where('kind', '=', 'domain-event')
          .execute()
      ).find((j) => (JSON.parse(j.payload) as { subscriber: string }).subscriber === 'ticket-email.created');
    assert.equal((await delivery())?.done_at, null, 'the event waits for a worker');
    const receipt = () =>
      sink.received.find(
        (m) =>
          m.to.includes('primary@acme.example') &&
          m.subject.endsWith(`[#${ticketId}] Opened while no worker runs`),
      );
    assert.equal(receipt(), undefined);

    const worker = await startWorker(env);
    try {
      for (let i = 0; i < 400 && !receipt(); i++) await sleep(50);
      assert.ok(receipt(), `the requester's receipt was sent:\n${worker.output()}`);
      assert.notEqual((await delivery())?.done_at, null, 'the delivery is marked done');
    } finally {
      assert.equal(await worker.stop(), 0, worker.output());
    }
  });
});
