import { createConnection, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { ClamdAddress } from '../config.ts';

/**
 * A virus scanner: clamd (ClamAV's daemon) spoken to over its INSTREAM command, by TCP or a unix
 * socket. Configured with CLAMD_URL (docs/deployment.md); without it no scanner is used.
 */
export interface VirusScanner {
  /** Sends the whole stream to the scanner. Throws ScannerUnavailableError when it cannot answer. */
  scan(source: Readable): Promise<ScanResult>;
}

export type ScanResult = { infected: false } | { infected: true; signature: string };

/** The scanner could not be reached, did not answer in time, or could not scan the file. */
export class ScannerUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScannerUnavailableError';
  }
}

/** clamd reads INSTREAM data in chunks, each preceded by its length (4 bytes, network order). */
const CHUNK_BYTES = 64 * 1024;
/** A reply longer than this is not clamd's. */
const MAX_REPLY_BYTES = 4096;

function describe(address: ClamdAddress): string {
  return 'path' in address ? `unix:${address.path}` : `tcp://${address.host}:${address.port}`;
}

/**
 * A clamd client. Each scan opens its own connection (clamd serves one command per connection unless
 * told IDSESSION), sends `zINSTREAM`, the chunks and a zero-length chunk, and reads one reply:
 * `stream: OK`, `stream: <signature> FOUND`, or an error (`INSTREAM size limit exceeded. ERROR`). The
 * whole exchange must end within `timeoutMs`.
 */
export function clamdScanner(options: { address: ClamdAddress; timeoutMs: number }): VirusScanner {
  const { address, timeoutMs } = options;
  const where = describe(address);

  return {
    scan(source) {
      return new Promise<ScanResult>((resolve, reject) => {
        const socket: Socket =
          'path' in address
            ? createConnection({ path: address.path })
            : createConnection({ host: address.host, port: address.port });
        let settled = false;
        let reply = Buffer.alloc(0);
        const finish = (error: Error | null, result?: ScanResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          source.destroy();
          socket.destroy();
          if (error) reject(error);
          else resolve(result as ScanResult);
        };
        const unavailable = (message: string, cause?: unknown) =>
          finish(new ScannerUnavailableError(`clamd at ${where}: ${message}`, { cause }));
        const timer = setTimeout(() => unavailable(`no answer within ${timeoutMs} ms`), timeoutMs);
        timer.unref?.();

        const interpret = () => {
          const text = reply
            .toString('utf8')
            .replace(/\0[\s\S]*$/, '')
            .trim();
          const found = /^stream: (.+) FOUND$/.exec(text);
          if (found) return finish(null, { infected: true, signature: found[1] as string });
          if (text === 'stream: OK') return finish(null, { infected: false });
          unavailable(
            text ? `unexpected answer "${text.slice(0, 200)}"` : 'closed the connection without an answer',
          );
        };

        socket.on('data', (chunk: Buffer) => {
          reply = Buffer.concat([reply, chunk]);
          if (reply.includes(0)) interpret();
          else if (reply.length > MAX_REPLY_BYTES) unavailable('sent an answer that is too long');
        });
        socket.on('end', interpret);
        socket.on('close', () => interpret());
        socket.on('error', (error: NodeJS.ErrnoException) => {
          // clamd closes the connection once a stream passes its StreamMaxLength: its answer says so.
          if (error.code === 'EPIPE' || error.code === 'ECONNRESET') {
            if (reply.length) return interpret();
          }
          unavailable(error.code ? `${error.code} ${error.message}` : error.message, error);
        });

        socket.once('connect', () => {
          void (async () => {
            const write = async (data: Buffer) => {
              if (settled || socket.destroyed) return;
              if (!socket.write(data)) {
                await new Promise<void>((done) => {
                  const go = () => {
                    socket.off('drain', go);
                    socket.off('close', go);
                    done();
                  };
                  socket.on('drain', go);
                  socket.on('close', go);
                });
              }
            };
            try {
              await write(Buffer.from('zINSTREAM\0', 'latin1'));
              for await (const data of source) {
                const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data as Uint8Array);
                for (let at = 0; at < chunk.length && !settled; at += CHUNK_BYTES) {
                  const part = chunk.subarray(at, at + CHUNK_BYTES);
                  const length = Buffer.alloc(4);
                  length.writeUInt32BE(part.length);
                  await write(Buffer.concat([length, part]));
                }
                if (settled) return;
              }
              await write(Buffer.alloc(4));
            } catch (error) {
              unavailable(`the file could not be read for scanning (${(error as Error).message})`, error);
            }
          })();
        });
      });
    },
  };
}
