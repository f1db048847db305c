/**
 * A local stand-in for clamd (ClamAV's daemon) at its protocol boundary: it speaks INSTREAM (`z` and
 * `n` forms) and PING over TCP or a unix socket, and reports the EICAR test file as
 * `Eicar-Test-Signature`, as ClamAV does. Tests use it instead of a real ClamAV, whose signature
 * database is hundreds of megabytes fetched from the internet.
 */
import { type AddressInfo, createServer, type Socket } from 'node:net';

/**
 * The EICAR anti-virus test file, put together at run time so that no source file is itself flagged by
 * a scanner. It is harmless: every scanner reports it, by agreement, as "Eicar-Test-Signature".
 */
export function eicar(): Buffer {
  const parts = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}', '$EICAR-STANDARD-', 'ANTIVIRUS-TEST-FILE!', '$H+H*'];
  return Buffer.from(parts.join(''), 'latin1');
}

export interface ClamdStandIn {
  /** CLAMD_URL for it. */
  url: string;
  /** Streams scanned to the end (each answered OK or FOUND). */
  scanned: number;
  /**
   * 'answer' (default); 'silent': take the stream and never answer (a hung daemon); 'hang-up': close
   * every connection at once (a daemon restarting or out of resources).
   */
  mode: 'answer' | 'silent' | 'hang-up';
  close(): Promise<void>;
}

export async function startClamdStandIn(
  options: {
    /** Listen on this unix socket instead of a TCP port on 127.0.0.1. */
    socketPath?: string;
    /** clamd's StreamMaxLength: a longer stream is answered with its size-limit error. */
    streamMaxBytes?: number;
  } = {},
): Promise<ClamdStandIn> {
  const streamMax = options.streamMaxBytes ?? 100 * 1024 * 1024;
  const sockets = new Set<Socket>();
  const state: ClamdStandIn = {
    url: '',
    scanned: 0,
    mode: 'answer',
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((socket) => {
    if (state.mode === 'hang-up') {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let command: string | null = null;
    let terminator = '\0';
    const received: Buffer[] = [];
    let receivedBytes = 0;
    let finished = false;

    const answer = (text: string) => {
      finished = true;
      socket.end(`${text}${terminator}`);
    };

    socket.on('data', (chunk: Buffer) => {
      if (finished) return;
      buffer = Buffer.concat([buffer, chunk]);
      if (command === null) {
        const end = buffer.findIndex((b) => b === 0 || b === 0x0a);
        if (end < 0) return;
        const raw = buffer.subarray(0, end).toString('latin1');
        buffer = buffer.subarray(end + 1);
        terminator = raw.startsWith('n') ? '\n' : '\0';
        command = raw.replace(/^[zn]/, '');
        if (command === 'PING') return answer('PONG');
        if (command !== 'INSTREAM') return answer(`${command}: Unknown command. ERROR`);
      }
      // INSTREAM: <4-byte length><data>… until a zero length.
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          if (state.mode === 'silent') {
            finished = true;
            return;
          }
          state.scanned += 1;
          const content = Buffer.concat(received).toString('latin1');
          const infected = content.includes(eicar().toString('latin1'));
          return answer(infected ? 'stream: Eicar-Test-Signature FOUND' : 'stream: OK');
        }
        if (buffer.length < 4 + length) return;
        received.push(buffer.subarray(4, 4 + length));
        receivedBytes += length;
        buffer = buffer.subarray(4 + length);
        if (receivedBytes > streamMax) return answer('INSTREAM size limit exceeded. ERROR');
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (options.socketPath) server.listen(options.socketPath, () => resolve());
    else server.listen(0, '127.0.0.1', () => resolve());
  });
  state.url = options.socketPath
    ? `unix://${options.socketPath}`
    : `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
