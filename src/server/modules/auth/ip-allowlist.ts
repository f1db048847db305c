import { BlockList, isIP } from 'node:net';
import { message } from '../../../shared/i18n/i18n.ts';

/** Parsed allowlists by their stored JSON text: the same few lists are checked on every request. */
const cache = new Map<string, BlockList | null>();
const CACHE_MAX = 500;

/**
 * Reads a client's stored allowlist (a JSON array of CIDR strings such as "203.0.113.0/24" or
 * "2001:db8::/32"; a bare address means that one address). Null means "any address". A list that is
 * not empty but holds nothing readable allows nobody: a typo must not open the door.
 */
export function parseAllowlist(stored: string | null | undefined): BlockList | null {
  if (!stored) return null;
  const hit = cache.get(stored);
  if (hit !== undefined) return hit;
  let entries: unknown;
  try {
    entries = JSON.parse(stored);
  } catch {
    entries = ['invalid'];
  }
  let list: BlockList | null = null;
  if (Array.isArray(entries) && entries.length > 0) {
    list = new BlockList();
    for (const entry of entries) {
      if (typeof entry !== 'string') continue;
      const [address = '', prefixText, extra] = entry.trim().split('/');
      const family = isIP(address);
      if (family === 0 || extra !== undefined) continue;
      const type = family === 4 ? 'ipv4' : 'ipv6';
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (!/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) continue;
      try {
        list.addSubnet(address, prefix, type);
      } catch {
        // An entry BlockList refuses allows nothing.
      }
    }
  } else if (!Array.isArray(entries)) {
    list = new BlockList();
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(stored, list);
  return list;
}

/**
 * Whether `ip` may be used under the allowlist. An IPv4 client on a dual-stack socket shows up as
 * "::ffff:203.0.113.7" and is checked as the IPv4 address it is.
 */
export function ipAllowed(stored: string | null | undefined, ip: string): boolean {
  const list = parseAllowlist(stored);
  if (!list) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export const ipNotAllowedMessage = (ip: string) => message('errors:signIn.ipNotAllowed', { ip });
