export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const METHODS: readonly Method[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

/** Reads "METHOD path" pairs from Fastify's route tree (printRoutes with commonPrefix off). */
export function routesFromTree(tree: string): { method: Method; url: string }[] {
  const out: { method: Method; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const rest = line.slice(at + 3);
    const match = /^(\S+)(?: \(([^)]*)\))?/.exec(rest);
    if (!match) continue;
    stack.length = depth;
    stack.push(match[1] ?? '');
    const url = stack.join('').replace(/^\/+/, '/');
    for (const m of (match[2] ?? '').split(',').map((s) => s.trim())) {
      if ((METHODS as readonly string[]).includes(m)) out.push({ method: m as Method, url });
    }
  }
  return out;
}
