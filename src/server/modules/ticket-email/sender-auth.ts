/**
 * Sender authentication of inbound email (issue 12, point 1): does an email really come from the domain
 * of its From address? Checked with mailauth (SPF, DKIM, DMARC), or read from the Authentication-Results
 * header of a receiving server the provider trusts.
 *
 * The rule ("authenticated"): DMARC passes for the From domain, that is an SPF pass or a DKIM signature
 * that verifies, for a domain aligned with the From domain (the same organisational domain, or the same
 * domain where the domain's record asks for strict alignment). When the From domain publishes no DMARC
 * record, the same alignment is required as if it published `v=DMARC1; p=none`: relaxed alignment. A
 * DMARC fail is never authenticated, whatever the domain's policy (p=none only asks receivers not to
 * reject). A DNS failure is not authenticated either (nothing could be shown).
 *
 * - SMTP listener: SPF for the connecting address, HELO and MAIL FROM; DKIM; DMARC.
 * - IMAP: the connecting address of the sender is unknown, so SPF cannot be checked here. The topmost
 *   Authentication-Results header whose authserv-id is one of the trusted receiving servers is read (that
 *   server's own header sits above anything the sender wrote); without one, DKIM and DMARC are checked.
 */
import { type Message, message } from '../../../shared/i18n/i18n.ts';
import type { DnsResolver } from '../../platform/dns.ts';

export type SenderAuthMethod = 'smtp' | 'dkim' | 'header';

export interface SenderAuth {
  verdict: 'pass' | 'fail';
  /** smtp: SPF, DKIM and DMARC checked on receipt; dkim: DKIM and DMARC checked (IMAP); header: read. */
  method: SenderAuthMethod;
  /** header: the trusted receiving server whose Authentication-Results were read. */
  authservId: string | null;
  /** The domain of the one From address, or null when there is not exactly one. */
  fromDomain: string | null;
  /** DMARC's result for the From domain (none: it publishes no record); null when not reported. */
  dmarc: string | null;
  /** The domain's DMARC policy (none, quarantine, reject) when it has one. */
  dmarcPolicy: string | null;
  dkim: { domain: string; result: string; aligned: boolean }[];
  /** Null when SPF was not checked (IMAP) or not reported. */
  spf: { domain: string; result: string; aligned: boolean } | null;
  /** What was found, in words, for staff (a catalogue message, put in the reader's language when shown). */
  summary: Message;
}

export interface SenderAuthInput {
  via: 'imap' | 'smtp';
  /** The From addresses as read (lower-case); authentication needs exactly one. */
  fromAddresses: readonly string[];
  /** SMTP: the connecting client and the envelope sender ('' for the null sender of a bounce). */
  client?: { ip: string; helo: string | null; mailFrom: string } | undefined;
  /** IMAP: the authserv-ids of receiving servers whose Authentication-Results are trusted. */
  trustedServers: readonly string[];
  resolver: DnsResolver;
}

// ---------------------------------------------------------------------------------------------------
// Header fields and Authentication-Results (RFC 8601)

/** The header fields of a raw message in order, unfolded, names lower-cased. */
export function headerFields(raw: Buffer): { key: string; value: string }[] {
  const head = raw.subarray(0, Math.min(raw.length, 512 * 1024)).toString('utf8');
  const end = head.search(/\r?\n\r?\n/);
  const block = end >= 0 ? head.slice(0, end) : head;
  const fields: { key: string; value: string }[] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = fields.at(-1);
    if (/^[ \t]/.test(line)) {
      if (last) last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ key: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

/** Removes (comments), nested ones too, outside quoted strings. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) {
      if (depth === 0) out += ch + value[i + 1];
      i++;
      continue;
    }
    if (depth === 0 && ch === '"') {
      quoted = !quoted;
      out += ch;
    } else if (!quoted && ch === '(') {
      depth++;
      if (depth === 1) out += ' ';
    } else if (!quoted && ch === ')' && depth > 0) {
      depth--;
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}

/** Splits on `separator` outside quoted strings. */
function splitOutsideQuotes(value: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1];
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (!quoted && separator.test(ch)) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : value;
}

export interface AuthResult {
  method: string;
  result: string;
  /** ptype.property (header.d, smtp.mailfrom, …) and reason, keys lower-cased. */
  props: Record<string, string>;
}

export interface AuthenticationResults {
  /** Null when the header names no server (some services write the results straight away). */
  authservId: string | null;
  results: AuthResult[];
}

/** Reads one Authentication-Results header value (RFC 8601): the server, then `method=result props`. */
export function parseAuthenticationResults(value: string): AuthenticationResults {
  const parts = splitOutsideQuotes(withoutComments(value), /;/).map((p) => p.replace(/\s*=\s*/g, '=').trim());
  const first = parts[0] ?? '';
  const firstToken = splitOutsideQuotes(first, /\s/).find((t) => t !== '') ?? '';
  let authservId: string | null = null;
  let resultParts = parts.slice(1);
  if (firstToken.includes('=')) resultParts = parts;
  else if (firstToken) authservId = unquote(firstToken).toLowerCase();
  const results: AuthResult[] = [];
  for (const part of resultParts) {
    const tokens = splitOutsideQuotes(part, /\s/).filter((t) => t !== '');
    const head = tokens[0];
    if (!head?.includes('=')) continue;
    const [methodWithVersion, result] = head.split('=', 2) as [string, string];
    const props: Record<string, string> = {};
    for (const token of tokens.slice(1)) {
      const eq = token.indexOf('=');
      if (eq <= 0) continue;
      props[token.slice(0, eq).toLowerCase()] = unquote(token.slice(eq + 1));
    }
    results.push({
      method: methodWithVersion.split('/')[0]!.toLowerCase(),
      result: unquote(result).toLowerCase(),
      props,
    });
  }
  return { authservId, results };
}

/**
 * The Authentication-Results of a trusted receiving server: the topmost such header. A receiving server
 * adds its header above the ones the message arrived with, so a header an attacker wrote in the message
 * is below it; the server must also remove incoming headers that claim its name (RFC 8601, section 5).
 */
export function trustedResults(
  fields: readonly { key: string; value: string }[],
  trusted: readonly string[],
): AuthenticationResults | null {
  const names = new Set(trusted.map((t) => t.toLowerCase()));
  for (const field of fields) {
    if (field.key !== 'authentication-results') continue;
    const parsed = parseAuthenticationResults(field.value);
    if (parsed.authservId && names.has(parsed.authservId)) return parsed;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// The verdict

function domainOf(address: string | undefined | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  const domain = (at >= 0 ? address.slice(at + 1) : address).trim().toLowerCase().replace(/\.$/, '');
  return domain || null;
}

type Mailauth = typeof import('mailauth');

/** A resolver that answers every DMARC lookup with `v=DMARC1; p=none` (and nothing else exists). */
const assumeRelaxedRecord: DnsResolver = async (name, rrtype) => {
  if (rrtype === 'TXT' && name.toLowerCase().startsWith('_dmarc.')) return [['v=DMARC1; p=none']];
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

interface Alignment {
  verdict: 'pass' | 'fail';
  dkimAligned: string | null;
  spfAligned: string | null;
}

/**
 * Whether one of these passing domains is aligned with the From domain, as DMARC decides it (mailauth's
 * organisational-domain rule); `record` false: as if the domain published `v=DMARC1; p=none`.
 */
async function alignment(
  mailauth: Mailauth,
  from: string,
  passed: { dkim: string[]; spf: string[] },
): Promise<Alignment> {
  const result = await mailauth.dmarc({
    headerFrom: from,
    spfDomains: passed.spf,
    dkimDomains: passed.dkim.map((domain) => ({ domain })),
    resolver: assumeRelaxedRecord,
  });
  if (!result) return { verdict: 'fail', dkimAligned: null, spfAligned: null };
  return {
    verdict: result.status.result === 'pass' ? 'pass' : 'fail',
    dkimAligned: result.alignment?.dkim?.result || null,
    spfAligned: result.alignment?.spf?.result || null,
  };
}

/** DMARC results that need words; pass and fail (and any other) are shown as reported. */
const dmarcWords: Record<string, Message['key']> = {
  none: 'common:inbound.auth.dmarcNoRecord',
  temperror: 'common:inbound.auth.dmarcTempError',
  permerror: 'common:inbound.auth.dmarcPermError',
};

/** Parts of the findings, read one after the other ("…; …"). */
function joined(parts: Message[], key: 'common:inbound.auth.and' | 'common:inbound.auth.comma'): Message {
  return parts.slice(1).reduce((first, second) => message(key, { first, second }), parts[0] as Message);
}

/** One DKIM or SPF result: "pass for example.com", "(not the From domain)" when a pass is not aligned. */
function resultFor(r: { domain: string; result: string; aligned: boolean }): Message {
  return r.result === 'pass' && !r.aligned
    ? message('common:inbound.auth.resultNotAligned', { result: r.result, domain: r.domain })
    : message('common:inbound.auth.result', { result: r.result, domain: r.domain });
}

/**
 * The findings for staff, a catalogue message put in the reader's language when shown, e.g. "DMARC for
 * birchwood.example: fail (policy reject); DKIM: no signature; …". The results themselves (pass, fail,
 * softfail) are the protocols' own words and stay as reported.
 */
function summarise(a: Omit<SenderAuth, 'summary'>, spfNotChecked: Message | null): Message {
  const parts: Message[] = [];
  if (a.method === 'header')
    parts.push(message('common:inbound.auth.header', { server: a.authservId ?? '' }));
  if (a.dmarc !== null) {
    const word = dmarcWords[a.dmarc];
    parts.push(
      message('common:inbound.auth.dmarc', {
        domain: a.fromDomain ?? 'none',
        result: word ? message(word) : a.dmarc,
        policy: a.dmarcPolicy ?? 'none',
      }),
    );
  }
  parts.push(
    a.dkim.length
      ? message('common:inbound.auth.dkim', {
          results: joined(a.dkim.map(resultFor), 'common:inbound.auth.comma'),
        })
      : message('common:inbound.auth.dkimNone'),
  );
  if (a.spf) {
    parts.push(message('common:inbound.auth.spf', { result: resultFor(a.spf) }));
  } else if (spfNotChecked) {
    parts.push(message('common:inbound.auth.spfNotChecked', { why: spfNotChecked }));
  } else if (a.method === 'header') {
    parts.push(message('common:inbound.auth.spfNotReported'));
  }
  return joined(parts, 'common:inbound.auth.and');
}

function finish(a: Omit<SenderAuth, 'summary'>, spfNotChecked: Message | null = null): SenderAuth {
  return { ...a, summary: summarise(a, spfNotChecked) };
}

/** When there is not exactly one From address, nothing can be authenticated (DMARC refuses too). */
function oneFromProblem(input: SenderAuthInput, fields: { key: string }[]): Message | null {
  const fromHeaders = fields.filter((f) => f.key === 'from').length;
  if (fromHeaders !== 1) return message('common:inbound.auth.fromHeaders', { count: fromHeaders });
  if (input.fromAddresses.length !== 1) {
    return message('common:inbound.auth.fromAddresses', { count: input.fromAddresses.length });
  }
  return null;
}

/** Reads a trusted server's results: its DMARC result when it reports one, else aligned DKIM or SPF. */
async function fromHeader(
  mailauth: Mailauth,
  header: AuthenticationResults,
  from: string,
): Promise<SenderAuth> {
  const fromDomain = domainOf(from);
  const dkim = header.results
    .filter((r) => r.method === 'dkim')
    .map((r) => ({
      domain: domainOf(r.props['header.d'] ?? r.props['header.i']) ?? '?',
      result: r.result,
    }));
  const spfRow = header.results.find((r) => r.method === 'spf');
  const spfDomain = spfRow ? domainOf(spfRow.props['smtp.mailfrom'] ?? spfRow.props['smtp.helo']) : null;
  const dmarcRow = header.results.find((r) => r.method === 'dmarc');
  const aligned = await alignment(mailauth, from, {
    dkim: dkim.filter((d) => d.result === 'pass').map((d) => d.domain),
    spf: spfRow?.result === 'pass' && spfDomain ? [spfDomain] : [],
  });
  let verdict: SenderAuth['verdict'];
  if (dmarcRow) {
    const checkedDomain = domainOf(dmarcRow.props['header.from']);
    verdict =
      dmarcRow.result === 'pass' && (!checkedDomain || checkedDomain === fromDomain) ? 'pass' : 'fail';
  } else {
    verdict = aligned.verdict;
  }
  return finish({
    verdict,
    method: 'header',
    authservId: header.authservId,
    fromDomain,
    dmarc: dmarcRow ? dmarcRow.result : null,
    dmarcPolicy: dmarcRow?.props['policy.published-domain-policy'] ?? null,
    dkim: dkim.map((d) => ({ ...d, aligned: d.result === 'pass' && d.domain === aligned.dkimAligned })),
    spf:
      spfRow && spfDomain
        ? {
            domain: spfDomain,
            result: spfRow.result,
            aligned: spfRow.result === 'pass' && spfDomain === aligned.spfAligned,
          }
        : null,
  });
}

/** mailauth's DKIM, SPF and DMARC results → the verdict, with the no-record rule applied. */
async function fromChecks(
  mailauth: Mailauth,
  method: 'smtp' | 'dkim',
  from: string,
  dkimResult: Awaited<ReturnType<Mailauth['dkimVerify']>>,
  spfResult: Awaited<ReturnType<Mailauth['spf']>> | null,
  resolver: DnsResolver,
  spfNotChecked: Message | null = null,
): Promise<SenderAuth> {
  const fromDomain = domainOf(from);
  const signatures = (dkimResult.results ?? []).filter((r) => !!r.signingDomain);
  const passedDkim = signatures.filter((r) => r.status.result === 'pass').map((r) => r.signingDomain);
  const spfPass = spfResult?.status.result === 'pass' && spfResult.domain ? [spfResult.domain] : [];
  const dmarcResult = await mailauth.dmarc({
    headerFrom: from,
    spfDomains: spfPass,
    dkimDomains: signatures
      .filter((r) => r.status.result === 'pass')
      .map((r) => ({
        ...(r.id ? { id: r.id } : {}),
        domain: r.signingDomain,
        ...(r.status.underSized !== undefined ? { underSized: r.status.underSized } : {}),
      })),
    resolver,
  });
  let dmarc = dmarcResult ? dmarcResult.status.result : 'fail';
  let dkimAligned = dmarcResult ? dmarcResult.alignment?.dkim?.result || null : null;
  let spfAligned = dmarcResult ? dmarcResult.alignment?.spf?.result || null : null;
  // Strict alignment (adkim=s, aspf=s) means the very domain of the From address (RFC 7489, 3.1.1).
  // mailauth 4.13 reports it but compares organisational domains either way, so it is applied here.
  const exact = (domain: string) => domain.toLowerCase() === fromDomain;
  let strictNote = '';
  if (dmarcResult && dmarc === 'pass') {
    const strictDkim = dmarcResult.alignment?.dkim?.strict === true;
    const strictSpf = dmarcResult.alignment?.spf?.strict === true;
    if (strictDkim) dkimAligned = passedDkim.find(exact) ?? null;
    if (strictSpf) spfAligned = spfPass.find(exact) ?? null;
    if (!dkimAligned && !spfAligned) {
      dmarc = 'fail';
      strictNote = ', strict alignment';
    }
  }
  let verdict: SenderAuth['verdict'] = dmarc === 'pass' ? 'pass' : 'fail';
  if (dmarc === 'none') {
    const relaxed = await alignment(mailauth, from, { dkim: passedDkim, spf: spfPass });
    verdict = relaxed.verdict;
    dkimAligned = relaxed.dkimAligned;
    spfAligned = relaxed.spfAligned;
  }
  return finish(
    {
      verdict,
      method,
      authservId: null,
      fromDomain,
      dmarc,
      dmarcPolicy:
        dmarcResult && dmarc !== 'none' && dmarcResult.policy ? `${dmarcResult.policy}${strictNote}` : null,
      dkim: signatures.map((r) => ({
        domain: r.signingDomain.toLowerCase(),
        result: r.status.result,
        aligned: r.status.result === 'pass' && r.signingDomain === dkimAligned,
      })),
      spf: spfResult
        ? {
            domain: (spfResult.domain || '?').toLowerCase(),
            result: spfResult.status.result,
            aligned: spfResult.status.result === 'pass' && spfResult.domain === spfAligned,
          }
        : null,
    },
    method === 'dkim' ? spfNotChecked : null,
  );
}

/**
 * Authenticates the sender of a raw message (see the rule above). Never throws: a check that cannot be
 * made is a 'fail' that says why, so the email is held (or accepted with a warning), never lost.
 */
export async function authenticateSender(raw: Buffer, input: SenderAuthInput): Promise<SenderAuth> {
  const fields = headerFields(raw);
  const problem = oneFromProblem(input, fields);
  const method: SenderAuthMethod = input.client ? 'smtp' : 'dkim';
  const from = input.fromAddresses[0] ?? '';
  if (problem) {
    return {
      verdict: 'fail',
      method,
      authservId: null,
      fromDomain: input.fromAddresses.length === 1 ? domainOf(from) : null,
      dmarc: null,
      dmarcPolicy: null,
      dkim: [],
      spf: null,
      summary: message('common:inbound.auth.cannotAuthenticate', { problem }),
    };
  }
  try {
    // Loaded with the first email received: a portal without inbound email never needs it.
    const mailauth: Mailauth = await import('mailauth');
    if (input.via === 'imap' && input.trustedServers.length > 0) {
      const header = trustedResults(fields, input.trustedServers);
      if (header) return await fromHeader(mailauth, header, from);
    }
    const { resolver } = input;
    if (input.client) {
      const { ip, helo, mailFrom } = input.client;
      const result = await mailauth.authenticate(raw, {
        ip,
        ...(helo ? { helo } : {}),
        sender: mailFrom,
        mta: 'portico',
        resolver,
        disableArc: true,
        disableBimi: true,
        disableDmarc: true,
      });
      return await fromChecks(mailauth, 'smtp', from, result.dkim, result.spf || null, resolver);
    }
    const dkim = await mailauth.dkimVerify(raw, { resolver });
    const why = message(
      input.via === 'imap' ? 'common:inbound.auth.viaImap' : 'common:inbound.auth.unknownServer',
    );
    return await fromChecks(mailauth, 'dkim', from, dkim, null, resolver, why);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      verdict: 'fail',
      method,
      authservId: null,
      fromDomain: domainOf(from),
      dmarc: null,
      dmarcPolicy: null,
      dkim: [],
      spf: null,
      summary: message('common:inbound.auth.notChecked', { detail: detail.slice(0, 200) }),
    };
  }
}
