import http from 'node:http';

/**
 * A small HTTP proxy (a stand-in for the load balancer in docs/deployment.md): each request goes to the
 * backend with the fewest requests in flight, taking turns between equals (round robin when they keep
 * up alike; a backend that falls behind gets fewer, as with a load balancer's "least connections").
 * Bodies and responses, Server-Sent Events included, are streamed through. `setBackends` changes the
 * pool between runs (one process, then two).
 */
export async function startProxy(backends: string[]) {
  let pool = backends.map((b) => ({ url: new URL(b), inFlight: 0 }));
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const perBackend = new Map<string, number>();
  const pick = () => {
    let best = pool[next++ % pool.length]!;
    for (const b of pool) if (b.inFlight < best.inFlight) best = b;
    return best;
  };
  const server = http.createServer((req, res) => {
    const backend = pick();
    const target = backend.url;
    backend.inFlight++;
    // 'close' comes once per response, finished or cut short.
    res.once('close', () => backend.inFlight--);
    perBackend.set(target.host, (perBackend.get(target.host) ?? 0) + 1);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${err.message}`);
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    setBackends(list: string[]) {
      pool = list.map((b) => ({ url: new URL(b), inFlight: 0 }));
      next = 0;
      perBackend.clear();
    },
    /** Requests sent to each backend since the pool was last set. */
    counts: () => Object.fromEntries(perBackend),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
