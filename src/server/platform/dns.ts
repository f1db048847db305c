import { promises as dns } from 'node:dns';

/**
 * One DNS lookup, answered as node's `dns.promises.resolve(name, rrtype)` answers it: TXT records as arrays
 * of strings, A records as address strings; a name that does not exist fails with code ENOTFOUND, a name
 * without records of that type with ENODATA. The sender authentication of inbound email (SPF, DKIM, DMARC)
 * looks up the sender's domain through it; tests pass a local stand-in (src/server/test/dns.ts).
 */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

/**
 * The system's resolver (resolv.conf), with a bounded wait: a lookup gives up after `tries` attempts of
 * `timeoutMs` each, so a DNS outage delays an email by seconds, never for minutes.
 */
export function systemResolver(options: { timeoutMs?: number; tries?: number } = {}): DnsResolver {
  const resolver = new dns.Resolver({ timeout: options.timeoutMs ?? 4000, tries: options.tries ?? 2 });
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
}
