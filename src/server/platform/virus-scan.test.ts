import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { parseClamdUrl } from '../config.ts';
import { type ClamdStandIn, eicar, startClamdStandIn } from '../test/clamd.ts';
import { clamdScanner, ScannerUnavailableError } from './virus-scan.ts';

describe('clamd scanner (INSTREAM)', () => {
  let clamd: ClamdStandIn;
  const scannerFor = (url: string, timeoutMs = 30_000) =>
    clamdScanner({ address: parseClamdUrl(url), timeoutMs });

  before(async () => {
    clamd = await startClamdStandIn({ streamMaxBytes: 1024 * 1024 });
  });
  after(() => clamd.close());

  test('the EICAR string is built right (68 bytes, the published test file)', () => {
    assert.equal(eicar().length, 68);
  });

  test('a clean file is OK; EICAR is found by name, also at the end of a stream sent in many chunks', async () => {
    const scanner = scannerFor(clamd.url);
    assert.deepEqual(await scanner.scan(Readable.from([Buffer.from('hello\n')])), { infected: false });
    assert.deepEqual(await scanner.scan(Readable.from([eicar()])), {
      infected: true,
      signature: 'Eicar-Test-Signature',
    });
    // 300 KB of padding in odd-sized pieces, EICAR split across the last two.
    const pieces = [...Array.from({ length: 30 }, () => Buffer.alloc(10_007, 0x20)), eicar()];
    const whole = Buffer.concat(pieces);
    const split = [whole.subarray(0, whole.length - 30), whole.subarray(whole.length - 30)];
    assert.equal((await scanner.scan(Readable.from(split))).infected, true);
  });

  test('nothing listening, a daemon that never answers, a size-limit error: ScannerUnavailableError', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(
      scannerFor(`tcp://127.0.0.1:${port}`).scan(Readable.from([Buffer.from('x')])),
      (e: Error) => e instanceof ScannerUnavailableError && /ECONNREFUSED/.test(e.message),
    );

    clamd.mode = 'silent';
    try {
      await assert.rejects(
        scannerFor(clamd.url, 200).scan(Readable.from([Buffer.from('x')])),
        (e: Error) => e instanceof ScannerUnavailableError && /no answer within 200 ms/.test(e.message),
      );
    } finally {
      clamd.mode = 'answer';
    }

    await assert.rejects(
      scannerFor(clamd.url).scan(Readable.from([Buffer.alloc(2 * 1024 * 1024)])),
      (e: Error) => e instanceof ScannerUnavailableError && /size limit exceeded/.test(e.message),
    );
    // And the scanner still answers the next file.
    assert.deepEqual(await scannerFor(clamd.url).scan(Readable.from([Buffer.from('ok')])), {
      infected: false,
    });
  });

  test('a unix socket works the same', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clamd-'));
    const socket = await startClamdStandIn({ socketPath: path.join(dir, 'clamd.ctl') });
    try {
      assert.match(socket.url, /^unix:\/\/\//);
      const scanner = scannerFor(socket.url);
      assert.equal((await scanner.scan(Readable.from([eicar()]))).infected, true);
      assert.equal((await scanner.scan(Readable.from([Buffer.from('fine')]))).infected, false);
    } finally {
      await socket.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
