/**
 * IPv4 and IPv6 CIDR ranges for a client’s portal IP allowlist. Pure functions (no Node imports) so the
 * staff form and the API schema check ranges the same way and store them in one canonical form.
 */

function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    // No leading zeros: "010" is octal to some tools and decimal to others.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    bytes.push(n);
  }
  return bytes;
}

function parseIPv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      out.push(Number.parseInt(piece, 16));
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return null;
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** An address as bytes (4 for IPv4, 16 for IPv6), or null when it is not one. */
export function parseIp(text: string): number[] | null {
  const t = text.trim();
  // "::ffff:192.0.2.1" is how Node reports IPv4 clients on a dual-stack socket: treat it as IPv4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(t);
  if (mapped?.[1]) return parseIPv4(mapped[1]);
  return t.includes(':') ? parseIPv6(t) : parseIPv4(t);
}

function formatBytes(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // RFC 5952: compress the longest run of two or more zero groups (the first, on a tie).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return bits === 8 ? b : b & ((0xff << (8 - bits)) & 0xff);
  });
}

/** Why a range was refused, for a form that words it in the reader's language. */
export type CidrProblem =
  | { reason: 'empty' }
  | { reason: 'slashes'; text: string }
  | { reason: 'address'; address: string }
  | { reason: 'prefix'; max: number }
  | { reason: 'hostBits'; text: string; range: string };

export type CidrResult = { ok: true; cidr: string } | ({ ok: false } & CidrProblem);

/**
 * The message for a refused range: a code of the errors catalogue with its values, put in the reader's
 * language by whoever shows it (the API's error envelope, the staff form).
 */
export function cidrProblemMessage(problem: CidrProblem): {
  key: `errors:validation.${string}`;
  params?: Record<string, string | number>;
} {
  switch (problem.reason) {
    case 'empty':
      return { key: 'errors:validation.cidrEmpty' };
    case 'slashes':
      return { key: 'errors:validation.cidrSlashes', params: { text: problem.text } };
    case 'address':
      return { key: 'errors:validation.cidrAddress', params: { address: problem.address } };
    case 'prefix':
      return { key: 'errors:validation.cidrPrefix', params: { max: problem.max } };
    case 'hostBits':
      return { key: 'errors:validation.cidrHostBits', params: { text: problem.text, range: problem.range } };
  }
}

/**
 * Reads one range such as "203.0.113.0/24" or "2001:db8::/32" into its canonical form. A single
 * address becomes a /32 (or /128). A range with host bits set is refused with the network it
 * probably means, so nobody allows more (or less) than they think.
 */
export function normaliseCidr(input: string): CidrResult {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  const [address = '', prefixText, extra] = text.split('/');
  if (extra !== undefined) return { ok: false, reason: 'slashes', text };
  const bytes = parseIp(address);
  if (!bytes) return { ok: false, reason: 'address', address };
  const max = bytes.length * 8;
  let prefix = max;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
      return { ok: false, reason: 'prefix', max };
    }
    prefix = Number(prefixText);
  }
  const network = maskBytes(bytes, prefix);
  if (network.some((b, i) => b !== bytes[i])) {
    const range = `${formatBytes(network)}/${prefix}`;
    return { ok: false, reason: 'hostBits', text, range };
  }
  return { ok: true, cidr: `${formatBytes(network)}/${prefix}` };
}
