import type autocannon from 'autocannon';
import { type Fixture, openStatusList, portalListPath, scopeOf } from './fixture.ts';
import type { Session } from './http.ts';

/** Targets from issue 5 item 4 (2-core machine, SQLite, large dataset, 64 connections). */
export interface Target {
  minRps?: number;
  maxP95Ms?: number;
  maxP99Ms?: number;
  maxMemoryMb: number;
}

export interface Scenario {
  name: string;
  title: string;
  /** What one pass of `requests` stands for, e.g. "one home page load (3 requests)". */
  unit: string;
  target: Target | null;
  write: boolean;
  /** The autocannon request sequence, or a reason it cannot run on this data. */
  build(fx: Fixture): autocannon.Request[] | string;
}

const MEMORY_MB = 300;
const portalRead: Target = { minRps: 2000, maxP99Ms: 50, maxMemoryMb: MEMORY_MB };
const write: Target = { minRps: 500, maxP99Ms: 100, maxMemoryMb: MEMORY_MB };
const search: Target = { maxP95Ms: 50, maxMemoryMb: MEMORY_MB };

type Ctx = Record<string, unknown>;

/** A request carrying a session: cookies, and the CSRF header on writes. */
function withSession(req: autocannon.Request, s: Session, path: string, body?: unknown): autocannon.Request {
  const headers: Record<string, string> = {
    ...(req.headers as Record<string, string> | undefined),
    cookie: s.cookie,
    accept: 'application/json',
  };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['x-csrf-token'] = s.csrf;
  }
  return {
    ...req,
    path,
    headers,
    ...(body !== undefined ? { method: 'POST' as const, body: JSON.stringify(body) } : {}),
  };
}

/** Round-robin over a list: each call takes the next element (shared by every connection). */
function roundRobin<T>(list: T[]): () => T {
  let i = 0;
  return () => list[i++ % list.length]!;
}

const none = (what: string) => `skipped: ${what}`;

let serial = 0;
const subjects = [
  'Printer on the second floor shows a paper jam',
  'Cannot connect to the VPN from home',
  'New starter needs a laptop and an email account',
  'Outlook keeps asking for the password',
  'Shared drive is very slow this morning',
  'Please add Maria to the finance mailbox',
];

export const scenarios: Scenario[] = [
  {
    name: 'dashboard',
    title: 'Portal dashboard',
    unit: 'a portal home page load = GET /me + the tickets card’s two list calls',
    target: portalRead,
    write: false,
    build(fx) {
      if (!fx.viewers.length) return none('no contact can see tickets');
      const next = roundRobin(fx.viewers);
      const open = portalListPath({ scope: 'mine', limit: 100, status: openStatusList });
      const recent = portalListPath({ scope: 'mine', limit: 4 });
      return [
        {
          method: 'GET',
          setupRequest: (req, ctx) => {
            const s = next();
            (ctx as Ctx).s = s;
            return withSession(req, s, '/api/v1/me');
          },
        },
        { method: 'GET', setupRequest: (req, ctx) => withSession(req, (ctx as Ctx).s as Session, open) },
        { method: 'GET', setupRequest: (req, ctx) => withSession(req, (ctx as Ctx).s as Session, recent) },
      ];
    },
  },
  {
    name: 'list-first',
    title: 'Ticket list, first page',
    unit: 'GET /tickets (25 a page; company scope where the contact has it)',
    target: portalRead,
    write: false,
    build(fx) {
      if (!fx.viewers.length) return none('no contact can see tickets');
      const next = roundRobin(fx.viewers);
      return [
        {
          method: 'GET',
          setupRequest: (req) => {
            const s = next();
            return withSession(req, s, portalListPath({ scope: scopeOf(s), limit: 25 }));
          },
        },
      ];
    },
  },
  {
    name: 'list-deep',
    title: 'Ticket list, deep page',
    unit: 'GET /tickets?cursor= (a cursor reached by following nextCursor)',
    target: portalRead,
    write: false,
    build(fx) {
      if (!fx.deep.length) return none('no contact has more than one page of tickets');
      const next = roundRobin(fx.deep);
      return [
        {
          method: 'GET',
          setupRequest: (req) => {
            const d = next();
            return withSession(req, d.session, d.path);
          },
        },
      ];
    },
  },
  {
    name: 'detail',
    title: 'Ticket detail + messages',
    unit: 'opening a ticket = GET /tickets/:id + GET /tickets/:id/messages',
    target: portalRead,
    write: false,
    build(fx) {
      if (!fx.readable.length) return none('no contact has tickets');
      const pairs = fx.readable.flatMap((r) => r.ticketIds.slice(0, 25).map((id) => ({ s: r.session, id })));
      // Interleave sessions so consecutive requests are different people.
      pairs.sort((a, b) => ((a.id * 7919) % 104729) - ((b.id * 7919) % 104729));
      const next = roundRobin(pairs);
      return [
        {
          method: 'GET',
          setupRequest: (req, ctx) => {
            const p = next();
            (ctx as Ctx).p = p;
            return withSession(req, p.s, `/api/v1/tickets/${p.id}`);
          },
        },
        {
          method: 'GET',
          setupRequest: (req, ctx) => {
            const p = (ctx as Ctx).p as { s: Session; id: number };
            return withSession(req, p.s, `/api/v1/tickets/${p.id}/messages`);
          },
        },
      ];
    },
  },
  {
    name: 'search',
    title: 'Ticket search',
    unit: 'GET /tickets?q=<word from the contact’s own subjects>',
    target: search,
    write: false,
    build(fx) {
      if (!fx.searches.length) return none('no subjects to search for');
      const pairs = fx.searches.flatMap((x) => x.terms.map((t) => ({ s: x.session, t })));
      pairs.sort(
        (a, b) => ((a.t.length * 31 + a.t.charCodeAt(0)) % 17) - ((b.t.length * 31 + b.t.charCodeAt(0)) % 17),
      );
      const next = roundRobin(pairs);
      return [
        {
          method: 'GET',
          setupRequest: (req) => {
            const p = next();
            return withSession(req, p.s, portalListPath({ scope: scopeOf(p.s), limit: 25, q: p.t }));
          },
        },
      ];
    },
  },
  {
    name: 'portal-hours',
    title: 'Portal hours page',
    unit: 'the portal Hours page’s read = GET /portal/hours (the bank this period, per ticket, the ledger, usage by month, run-out, past periods)',
    target: portalRead,
    write: false,
    build(fx) {
      if (!fx.hoursReaders.length) return none('no contact whose company has an hour bank may read it');
      const next = roundRobin(fx.hoursReaders);
      return [{ method: 'GET', setupRequest: (req) => withSession(req, next(), '/api/v1/portal/hours') }];
    },
  },
  {
    name: 'portal-contracts',
    title: 'Portal contracts',
    unit: 'the portal Contracts page’s two tabs = GET /portal/contracts?show=current + ?show=past (each contract in full: scope, SLA, hours, sites, documents)',
    target: portalRead,
    write: false,
    build(fx) {
      if (!fx.contractViewers.length) return none('no contact may read contracts');
      const next = roundRobin(fx.contractViewers);
      return [
        {
          method: 'GET',
          setupRequest: (req, ctx) => {
            const s = next();
            (ctx as Ctx).s = s;
            return withSession(req, s, '/api/v1/portal/contracts?show=current&limit=10');
          },
        },
        {
          method: 'GET',
          setupRequest: (req, ctx) =>
            withSession(req, (ctx as Ctx).s as Session, '/api/v1/portal/contracts?show=past&limit=10'),
        },
      ];
    },
  },
  {
    name: 'staff-queue',
    title: 'Staff queue view',
    unit: 'GET /tickets?view=all|unassigned|mine|breaching-soon|waiting-on-client (25 a page)',
    target: null,
    write: false,
    build(fx) {
      if (!fx.staff.length) return none('no staff can see the queue');
      const views = ['all', 'unassigned', 'mine', 'breaching-soon', 'waiting-on-client'];
      const pairs = fx.staff.flatMap((s) => views.map((v) => ({ s, v })));
      const next = roundRobin(pairs);
      return [
        {
          method: 'GET',
          setupRequest: (req) => {
            const p = next();
            return withSession(req, p.s, `/api/v1/tickets?view=${p.v}&sort=updated-desc&limit=25`);
          },
        },
      ];
    },
  },
  {
    name: 'submit',
    title: 'Submit ticket',
    unit: 'POST /tickets (a contact raises a ticket)',
    target: write,
    write: true,
    build(fx) {
      if (!fx.creators.length) return none('no contact may raise tickets');
      const next = roundRobin(fx.creators);
      return [
        {
          method: 'POST',
          setupRequest: (req) => {
            const n = ++serial;
            return withSession(req, next(), '/api/v1/tickets', {
              subject: `${subjects[n % subjects.length]} (bench ${n})`,
              description: `Since this morning it does not work.\n\n- Tried restarting\n- Still broken\n\nBench run ${n}.`,
              priority: (['low', 'medium', 'high'] as const)[n % 3],
            });
          },
        },
      ];
    },
  },
  {
    name: 'reply',
    title: 'Post reply',
    unit: 'POST /tickets/:id/messages (contacts and staff on open tickets)',
    target: write,
    write: true,
    build(fx) {
      if (!fx.repliers.length) return none('no open tickets to reply to');
      const pairs = fx.repliers.flatMap((r) => r.ticketIds.map((id) => ({ s: r.session, id })));
      pairs.sort((a, b) => ((a.id * 7919) % 104729) - ((b.id * 7919) % 104729));
      const next = roundRobin(pairs);
      return [
        {
          method: 'POST',
          setupRequest: (req) => {
            const p = next();
            const n = ++serial;
            return withSession(req, p.s, `/api/v1/tickets/${p.id}/messages`, {
              body: `Thanks, any news on this? It is still happening (**bench ${n}**).`,
            });
          },
        },
      ];
    },
  },
];

export const scenarioNames = scenarios.map((s) => s.name);
