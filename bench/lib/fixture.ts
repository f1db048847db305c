import { openStatuses } from '../../src/shared/schemas/tickets.ts';
import { call, type Login, mapLimit, type Session, signIn } from './http.ts';

/**
 * Everything the scenarios need, gathered once through the real API before any load: signed-in
 * sessions (a mix of contacts of several presets and clients, and staff) and, per session, tickets it
 * can see, a deep cursor of its list and words to search for.
 */
export interface Fixture {
  /** Contacts who can see tickets (tickets:view-own or tickets:view-company). */
  viewers: Session[];
  /** Contacts who may raise tickets. */
  creators: Session[];
  /** Staff who can see the queue (tickets:view). */
  staff: Session[];
  /** Sessions that may reply, each with tickets still open to replies. */
  repliers: Array<{ session: Session; ticketIds: number[] }>;
  /** Per viewer: ticket ids it can open (for the detail scenario). */
  readable: Array<{ session: Session; ticketIds: number[] }>;
  /** Per viewer with enough tickets: the list address of a deep page, and its page number. */
  deep: Array<{ session: Session; path: string; page: number }>;
  /** Per viewer: words from its tickets' subjects. */
  searches: Array<{ session: Session; terms: string[] }>;
  /** Contacts who may read their company's contracts (contracts:view) and whose portal lists them. */
  contractViewers: Session[];
  /** Of those, contacts whose company has an hour bank (the portal's hours page shows one). */
  hoursReaders: Session[];
  summary: {
    signedIn: number;
    contacts: number;
    clients: number;
    presets: Record<string, number>;
    staff: number;
    staffRoles: Record<string, number>;
    deepPages: number[];
    failedSignIns: string[];
  };
}

export interface FixtureOptions {
  contacts: number;
  staff: number;
  deepPages: number;
}

/** The portal's list address, built the way src/web/portal/tickets/api.ts builds it. */
export function portalListPath(params: {
  scope: 'mine' | 'company';
  limit: number;
  q?: string;
  cursor?: string;
  status?: readonly string[];
}): string {
  const q = new URLSearchParams();
  q.set('scope', params.scope);
  q.set('sort', 'updated-desc');
  q.set('limit', String(params.limit));
  if (params.q) q.set('q', params.q);
  if (params.cursor) q.set('cursor', params.cursor);
  if (params.status?.length) q.set('status', params.status.join(','));
  return `/api/v1/tickets?${q}`;
}

export const scopeOf = (s: Session): 'mine' | 'company' =>
  s.permissions.has('tickets:view-company') ? 'company' : 'mine';

export const openStatusList = [...openStatuses];

/**
 * Chooses a realistic mix: contacts spread over as many clients and presets as the logins offer
 * (round-robin over clients, then over presets within a client), and staff of every role.
 */
export function chooseLogins(logins: Login[], opts: FixtureOptions): Login[] {
  const contacts = logins.filter((l) => l.kind === 'contact');
  const byClient = new Map<string, Login[]>();
  for (const c of contacts) {
    const key = c.client ?? '?';
    const list = byClient.get(key) ?? [];
    list.push(c);
    byClient.set(key, list);
  }
  // Within a client, alternate presets so one client does not give five "standard" contacts.
  // Each client starts at a different preset, so the first round over clients is already a mix.
  const queues = [...byClient.values()].map((list, k) => {
    const byPreset = new Map<string, Login[]>();
    for (const l of list) {
      const p = (l.presets ?? []).join('+') || 'custom';
      byPreset.set(p, [...(byPreset.get(p) ?? []), l]);
    }
    const out: Login[] = [];
    const sorted = [...byPreset.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => g);
    const groups = sorted.map((_, j) => sorted[(j + k) % sorted.length]!);
    for (let i = 0; out.length < list.length; i++) for (const g of groups) if (g[i]) out.push(g[i]!);
    return out;
  });
  const chosen: Login[] = [];
  for (let round = 0; chosen.length < opts.contacts && queues.some((q) => q.length > round); round++) {
    for (const q of queues) {
      if (chosen.length >= opts.contacts) break;
      if (q[round]) chosen.push(q[round]!);
    }
  }
  const staff = logins.filter((l) => l.kind === 'staff');
  const byRole = new Map<string, Login[]>();
  for (const s of staff) byRole.set(s.role ?? '?', [...(byRole.get(s.role ?? '?') ?? []), s]);
  const staffChosen: Login[] = [];
  for (
    let round = 0;
    staffChosen.length < opts.staff && [...byRole.values()].some((l) => l.length > round);
    round++
  ) {
    for (const list of byRole.values()) {
      if (staffChosen.length >= opts.staff) break;
      if (list[round]) staffChosen.push(list[round]!);
    }
  }
  return [...chosen, ...staffChosen];
}

interface ListItem {
  id: number;
  subject: string;
  status: string;
}

const stopWords = new Set(['with', 'from', 'that', 'this', 'have', 'after', 'when', 'does', 'will', 'into']);

function wordsOf(subjects: string[]): string[] {
  const words = new Set<string>();
  for (const s of subjects)
    for (const w of s.toLowerCase().split(/[^a-z0-9]+/))
      if (w.length >= 4 && !stopWords.has(w) && !/^\d+$/.test(w)) words.add(w);
  return [...words].slice(0, 12);
}

export async function prepareFixture(base: string, logins: Login[], opts: FixtureOptions): Promise<Fixture> {
  const chosen = chooseLogins(logins, opts);
  const failedSignIns: string[] = [];
  const sessions = (
    await mapLimit(chosen, 4, async (l) => {
      try {
        return await signIn(base, l);
      } catch (e) {
        failedSignIns.push(`${l.email}: ${e instanceof Error ? e.message : String(e)}`);
        return null;
      }
    })
  ).filter((s): s is Session => s !== null);
  const contacts = sessions.filter((s) => s.kind === 'contact');
  const viewers = contacts.filter(
    (s) => s.permissions.has('tickets:view-own') || s.permissions.has('tickets:view-company'),
  );
  const creators = contacts.filter((s) => s.permissions.has('tickets:create'));
  const staff = sessions.filter((s) => s.kind === 'staff' && s.permissions.has('tickets:view'));
  const managers = staff.filter((s) => s.permissions.has('tickets:manage'));

  const readable: Fixture['readable'] = [];
  const searches: Fixture['searches'] = [];
  const repliers: Fixture['repliers'] = [];
  await mapLimit(viewers, 4, async (session) => {
    const res = await call(base, 'GET', portalListPath({ scope: scopeOf(session), limit: 100 }), { session });
    if (res.status !== 200) throw new Error(`listing tickets as ${session.email} answered ${res.status}`);
    const items = (res.body as { items: ListItem[] }).items;
    if (items.length === 0) return;
    readable.push({ session, ticketIds: items.map((t) => t.id) });
    const terms = wordsOf(items.map((t) => t.subject));
    if (terms.length) searches.push({ session, terms });
    if (session.permissions.has('tickets:create')) {
      const open = items.filter((t) => t.status !== 'closed').map((t) => t.id);
      if (open.length) repliers.push({ session, ticketIds: open.slice(0, 20) });
    }
  });
  await mapLimit(managers, 2, async (session) => {
    const res = await call(base, 'GET', '/api/v1/tickets?view=all&sort=updated-desc&limit=100', { session });
    if (res.status !== 200) return;
    const open = (res.body as { items: ListItem[] }).items
      .filter((t) => t.status !== 'closed')
      .map((t) => t.id);
    if (open.length) repliers.push({ session, ticketIds: open.slice(0, 20) });
  });

  // Contracts and hours (issue 14): contacts allowed to read them whose client has the feature on; the
  // hours page's readers are those whose company has a bank (the page then shows one).
  const contractViewers: Session[] = [];
  const hoursReaders: Session[] = [];
  await mapLimit(
    contacts.filter((s) => s.permissions.has('contracts:view')),
    4,
    async (session) => {
      const list = await call(base, 'GET', '/api/v1/portal/contracts?show=current&limit=10', { session });
      if (list.status !== 200) return;
      contractViewers.push(session);
      const hours = await call(base, 'GET', '/api/v1/portal/hours', { session });
      if (hours.status === 200 && (hours.body as { contract: unknown }).contract) hoursReaders.push(session);
    },
  );

  // Deep pages: follow nextCursor as the list page's "Next" button does, up to opts.deepPages pages.
  const deep: Fixture['deep'] = [];
  const deepCandidates = [...viewers]
    .sort((a, b) => Number(scopeOf(b) === 'company') - Number(scopeOf(a) === 'company'))
    .slice(0, 12);
  await mapLimit(deepCandidates, 3, async (session) => {
    let cursor: string | undefined;
    let page = 1;
    let path = portalListPath({ scope: scopeOf(session), limit: 25 });
    while (page < opts.deepPages) {
      const res = await call(base, 'GET', path, { session });
      if (res.status !== 200) break;
      const next = (res.body as { nextCursor: string | null }).nextCursor;
      if (!next) break;
      cursor = next;
      page += 1;
      path = portalListPath({ scope: scopeOf(session), limit: 25, cursor });
    }
    if (cursor) deep.push({ session, path, page });
  });

  const count = (values: string[]) => {
    const out: Record<string, number> = {};
    for (const v of values) out[v] = (out[v] ?? 0) + 1;
    return out;
  };
  return {
    viewers,
    creators,
    staff,
    repliers,
    readable,
    deep,
    searches,
    contractViewers,
    hoursReaders,
    summary: {
      signedIn: sessions.length,
      contacts: contacts.length,
      clients: new Set(contacts.map((c) => c.client)).size,
      presets: count(contacts.map((c) => c.presets.join('+') || 'custom')),
      staff: sessions.length - contacts.length,
      staffRoles: count(sessions.filter((s) => s.kind === 'staff').map((s) => s.role ?? '?')),
      deepPages: deep.map((d) => d.page).sort((a, b) => a - b),
      failedSignIns,
    },
  };
}
