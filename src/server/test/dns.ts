/**
 * A local stand-in for DNS, answering as node's `dns.promises.resolve` does (the DnsResolver boundary the
 * inbound email's sender authentication looks names up through): the records a test publishes, ENOTFOUND
 * for a name nobody published, ENODATA for a name without records of the type asked. Tests publish
 * DKIM keys, SPF and DMARC records for the domains their messages claim to come from.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { DnsResolver } from '../platform/dns.ts';

export interface DkimKey {
  domainName: string;
  keySelector: string;
  /** PEM, as nodemailer's `dkim` option takes it. */
  privateKey: string;
}

function dnsError(code: 'ENOTFOUND' | 'ENODATA' | 'ETIMEOUT', rrtype: string, name: string): Error {
  return Object.assign(new Error(`query${rrtype} ${code} ${name}`), { code, hostname: name });
}

/** RSA keys are slow to make; one per selector and domain is made once per process. */
const keys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

export class DnsStandIn {
  private readonly records = new Map<string, Map<string, unknown[]>>();
  private readonly failing = new Set<string>();
  /** Every lookup made, as "TYPE name". */
  readonly lookups: string[] = [];

  /** The resolver to hand to the app (AppOptions.dnsResolver). */
  readonly resolver: DnsResolver = async (name, rrtype) => {
    const key = name.toLowerCase().replace(/\.$/, '');
    this.lookups.push(`${rrtype} ${key}`);
    if (this.failing.has(key)) throw dnsError('ETIMEOUT', rrtype, name);
    const byType = this.records.get(key);
    if (!byType) throw dnsError('ENOTFOUND', rrtype, name);
    const answers = byType.get(rrtype);
    if (!answers?.length) throw dnsError('ENODATA', rrtype, name);
    return answers as string[][] | string[];
  };

  private add(name: string, rrtype: string, answer: unknown): this {
    const key = name.toLowerCase();
    const byType = this.records.get(key) ?? new Map<string, unknown[]>();
    byType.set(rrtype, [...(byType.get(rrtype) ?? []), answer]);
    this.records.set(key, byType);
    return this;
  }

  /** A TXT record, split into strings of at most 255 characters as DNS carries it. */
  txt(name: string, value: string): this {
    const chunks: string[] = [];
    for (let i = 0; i < value.length; i += 255) chunks.push(value.slice(i, i + 255));
    return this.add(name, 'TXT', chunks);
  }

  a(name: string, address: string): this {
    return this.add(name, 'A', address);
  }

  /** `v=spf1 …` for a domain, e.g. spf('acme.example', 'ip4:127.0.0.1 -all'). */
  spf(domain: string, mechanisms: string): this {
    return this.txt(domain, `v=spf1 ${mechanisms}`);
  }

  /** `v=DMARC1; p=…` at _dmarc.domain. */
  dmarc(domain: string, policy: 'none' | 'quarantine' | 'reject', extra = ''): this {
    return this.txt(`_dmarc.${domain}`, `v=DMARC1; p=${policy}${extra ? `; ${extra}` : ''}`);
  }

  /** Every lookup of this name times out (a DNS outage for it). */
  fail(name: string): this {
    this.failing.add(name.toLowerCase());
    return this;
  }

  /**
   * Publishes a DKIM public key at selector._domainkey.domain and returns the signing key, for
   * nodemailer's `dkim` option.
   */
  dkim(domain: string, selector = 'mail'): DkimKey {
    const id = `${selector}._domainkey.${domain.toLowerCase()}`;
    let pair = keys.get(id);
    if (!pair) {
      pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
      keys.set(id, pair);
    }
    if (!this.records.get(id)?.get('TXT')?.length) {
      const p = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      this.txt(id, `v=DKIM1; k=rsa; p=${p}`);
    }
    return {
      domainName: domain,
      keySelector: selector,
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  }
}

/** A world where no name exists: the tests that do not care about DNS never reach the real one. */
export const noDns: DnsResolver = async (name, rrtype) => {
  throw dnsError('ENOTFOUND', rrtype, name);
};
