import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { message } from '../../../shared/i18n/i18n.ts';
import type {
  AssignmentRuleResponse,
  SlaCalendarResponse,
  SlaPolicyResponse,
  TeamResponse,
  TicketCategory,
} from '../../../shared/schemas/support-config.ts';
import type { TicketOptions } from '../../../shared/schemas/tickets.ts';
import { Client, clientIdByName, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';
import { uniquely } from './common.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const weekday = [{ start: '09:00', end: '17:00' }];
const officeHours = {
  timeZone: 'Europe/London',
  alwaysOpen: false,
  weekly: [[], weekday, weekday, weekday, weekday, weekday, []],
  holidays: ['2026-12-25'],
};
const targets = {
  low: { responseMinutes: 480, resolutionMinutes: 2400 },
  medium: { responseMinutes: 240, resolutionMinutes: 1440 },
  high: { responseMinutes: 90, resolutionMinutes: 480 },
  critical: { responseMinutes: 30, resolutionMinutes: 240 },
};

async function accountId(t: TestApp, email: string): Promise<number> {
  const row = await t.db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function auditCount(t: TestApp, action: string): Promise<number> {
  const rows = await t.db.selectFrom('audit_events').select('id').where('action', '=', action).execute();
  return rows.length;
}

function del(client: Client, url: string) {
  return client.request('DELETE', url);
}

describe('support setup API', () => {
  let t: TestApp;
  let owner: Client;
  let tech: Client;
  let billing: Client;
  let viewer: Client;
  let contact: Client;
  let anon: Client;
  let acmeId: number;
  let birchId: number;
  let techId: number;
  let adminId: number;

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    tech = new Client(t.app);
    await tech.login('tech@portico.example');
    billing = new Client(t.app);
    await billing.login('billing@portico.example');
    viewer = new Client(t.app);
    await viewer.login('readonly@portico.example');
    contact = new Client(t.app);
    await contact.login('primary@acme.example');
    anon = new Client(t.app);
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    birchId = await clientIdByName(owner, 'Birchwood Dental');
    techId = await accountId(t, 'tech@portico.example');
    adminId = await accountId(t, 'admin@portico.example');
  });
  after(() => t.close());

  test('who may call what: 401 signed out, 403 for contacts on staff routes and for roles without the permission', async () => {
    const calendar = (await owner.get('/api/v1/sla-calendars')).json().items[0] as SlaCalendarResponse;
    const policy = (await owner.get('/api/v1/sla-policies')).json().items[0] as SlaPolicyResponse;
    const category = (await owner.get('/api/v1/ticket-categories')).json().items[0] as TicketCategory;
    // [what, method, url, body, needs: 'tickets:view' | 'settings:view' | 'settings:edit' | 'tickets:manage']
    const calls: [string, Method, string, unknown, string][] = [
      ['categories', 'GET', '/api/v1/ticket-categories', undefined, 'tickets:view'],
      ['add category', 'POST', '/api/v1/ticket-categories', { name: 'Nope' }, 'settings:edit'],
      ['edit category', 'PATCH', `/api/v1/ticket-categories/${category.id}`, { name: 'X' }, 'settings:edit'],
      ['calendars', 'GET', '/api/v1/sla-calendars', undefined, 'settings:view'],
      ['calendar', 'GET', `/api/v1/sla-calendars/${calendar.id}`, undefined, 'settings:view'],
      [
        'add calendar',
        'POST',
        '/api/v1/sla-calendars',
        { name: 'N', calendar: officeHours },
        'settings:edit',
      ],
      ['edit calendar', 'PATCH', `/api/v1/sla-calendars/${calendar.id}`, { name: 'N' }, 'settings:edit'],
      ['delete calendar', 'DELETE', `/api/v1/sla-calendars/${calendar.id}`, undefined, 'settings:edit'],
      ['policies', 'GET', '/api/v1/sla-policies', undefined, 'settings:view'],
      ['policy', 'GET', `/api/v1/sla-policies/${policy.id}`, undefined, 'settings:view'],
      [
        'add policy',
        'POST',
        '/api/v1/sla-policies',
        { name: 'N', calendarId: calendar.id, targets },
        'settings:edit',
      ],
      ['edit policy', 'PATCH', `/api/v1/sla-policies/${policy.id}`, { name: 'N' }, 'settings:edit'],
      ['delete policy', 'DELETE', `/api/v1/sla-policies/${policy.id}`, undefined, 'settings:edit'],
      ['teams', 'GET', '/api/v1/teams', undefined, 'settings:view'],
      ['team', 'GET', '/api/v1/teams/999999', undefined, 'settings:view'],
      ['add team', 'POST', '/api/v1/teams', { name: 'N' }, 'settings:edit'],
      ['edit team', 'PATCH', '/api/v1/teams/999999', { name: 'N' }, 'settings:edit'],
      ['delete team', 'DELETE', '/api/v1/teams/999999', undefined, 'settings:edit'],
      ['rules', 'GET', '/api/v1/assignment-rules', undefined, 'settings:view'],
      ['rule', 'GET', '/api/v1/assignment-rules/999999', undefined, 'settings:view'],
      ['add rule', 'POST', '/api/v1/assignment-rules', { assigneeAccountId: techId }, 'settings:edit'],
      ['edit rule', 'PATCH', '/api/v1/assignment-rules/999999', { enabled: false }, 'settings:edit'],
      ['delete rule', 'DELETE', '/api/v1/assignment-rules/999999', undefined, 'settings:edit'],
      ['order rules', 'POST', '/api/v1/assignment-rules/order', { ids: [999999] }, 'settings:edit'],
      ['canned', 'GET', '/api/v1/canned-responses?q=x', undefined, 'tickets:manage'],
      ['one canned', 'GET', '/api/v1/canned-responses/999999', undefined, 'tickets:manage'],
      ['add canned', 'POST', '/api/v1/canned-responses', { title: 'T', body: 'B' }, 'tickets:manage'],
      ['edit canned', 'PATCH', '/api/v1/canned-responses/999999', { title: 'T' }, 'tickets:manage'],
      ['delete canned', 'DELETE', '/api/v1/canned-responses/999999', undefined, 'tickets:manage'],
    ];
    // What each demo role holds, from src/shared/permissions.ts.
    const holds: Record<string, Set<string>> = {
      technician: new Set(['settings:view', 'tickets:view', 'tickets:manage']),
      billing: new Set(['settings:view', 'tickets:view']),
      readonly: new Set(['settings:view', 'tickets:view']),
    };
    const staffClients: [string, Client][] = [
      ['technician', tech],
      ['billing', billing],
      ['readonly', viewer],
    ];
    for (const [what, method, url, body, needs] of calls) {
      const opts = body === undefined ? {} : { body };
      assert.equal((await anon.request(method, url, opts)).statusCode, 401, `${what} signed out`);
      const asContact = await contact.request(method, url, opts);
      assert.equal(asContact.statusCode, 403, `${what} as a contact`);
      for (const [role, client] of staffClients) {
        const res = await client.request(method, url, opts);
        if (holds[role]?.has(needs)) {
          assert.notEqual(res.statusCode, 403, `${what} as ${role} is allowed (${res.body})`);
          assert.notEqual(res.statusCode, 401, `${what} as ${role}`);
        } else {
          assert.equal(res.statusCode, 403, `${what} as ${role} (${res.body})`);
        }
      }
    }
  });

  describe('categories', () => {
    test('list in order with the archived flag; add, rename, move, archive, restore; all audited', async () => {
      const listed = await tech.get('/api/v1/ticket-categories');
      assert.equal(listed.statusCode, 200);
      const before = listed.json().items as TicketCategory[];
      assert.ok(before.some((c) => c.name === 'General' && !c.archived));
      assert.deepEqual(
        before.map((c) => c.position),
        [...before.map((c) => c.position)].sort((a, b) => a - b),
      );

      const audits = await auditCount(t, 'support.category_changed');
      const created = await owner.post('/api/v1/ticket-categories', { name: '  Printers  ' });
      assert.equal(created.statusCode, 201, created.body);
      const printers = created.json() as TicketCategory;
      assert.equal(printers.name, 'Printers');
      assert.equal(printers.archived, false);
      assert.equal(printers.position, before.length, 'a new category goes last');

      const first = await owner.post('/api/v1/ticket-categories', { name: 'Urgent things', position: 0 });
      assert.equal(first.statusCode, 201);
      let list = (await owner.get('/api/v1/ticket-categories')).json().items as TicketCategory[];
      assert.equal(list[0]?.name, 'Urgent things');
      assert.deepEqual(
        list.map((c) => c.position),
        list.map((_, i) => i),
        'positions are renumbered 0..n-1',
      );

      const moved = await owner.patch(`/api/v1/ticket-categories/${printers.id}`, {
        position: 1,
        name: 'Printers and scanners',
      });
      assert.equal(moved.statusCode, 200, moved.body);
      list = (await owner.get('/api/v1/ticket-categories')).json().items as TicketCategory[];
      assert.equal(list[1]?.id, printers.id);
      assert.equal(list[1]?.name, 'Printers and scanners');

      const archived = await owner.patch(`/api/v1/ticket-categories/${printers.id}`, { archived: true });
      assert.equal(archived.statusCode, 200);
      assert.equal(archived.json().archived, true);
      assert.ok(archived.json().archivedAt);
      list = (await owner.get('/api/v1/ticket-categories')).json().items as TicketCategory[];
      assert.ok(
        list.some((c) => c.id === printers.id && c.archived),
        'archived ones stay listed, flagged',
      );
      const options = (await contact.get('/api/v1/ticket-options')).json() as TicketOptions;
      assert.ok(!options.categories.some((c) => c.id === printers.id), 'not offered for new tickets');

      const restored = await owner.patch(`/api/v1/ticket-categories/${printers.id}`, { archived: false });
      assert.equal(restored.json().archived, false);
      const again = (await contact.get('/api/v1/ticket-options')).json() as TicketOptions;
      assert.ok(again.categories.some((c) => c.id === printers.id));

      assert.equal(await auditCount(t, 'support.category_changed'), audits + 5);
    });

    test('names are unique whatever their case (409, also when two saves race); bad input is 400; unknown is 404', async () => {
      const dup = await owner.post('/api/v1/ticket-categories', { name: 'general' });
      assert.equal(dup.statusCode, 409);
      assert.match(errorOf(dup).message, /already exists/);
      assert.equal(errorOf(dup).reason, 'name_taken');

      const other = (
        await owner.post('/api/v1/ticket-categories', { name: 'Telephony' })
      ).json() as TicketCategory;
      const rename = await owner.patch(`/api/v1/ticket-categories/${other.id}`, { name: 'HARDWARE' });
      assert.equal(rename.statusCode, 409);
      assert.match(errorOf(rename).message, /HARDWARE.*already exists/);

      const race = await Promise.all([
        owner.post('/api/v1/ticket-categories', { name: 'Racing' }),
        owner.post('/api/v1/ticket-categories', { name: 'Racing' }),
      ]);
      assert.deepEqual(race.map((r) => r.statusCode).sort(), [201, 409]);
      const lost = race.find((r) => r.statusCode === 409);
      assert.ok(lost);
      assert.match(errorOf(lost).message, /“Racing” already exists/);
      assert.equal(errorOf(lost).reason, 'name_taken');

      const empty = await owner.post('/api/v1/ticket-categories', { name: '   ' });
      assert.equal(empty.statusCode, 400);
      assert.ok(errorOf(empty).fields?.name);
      const long = await owner.post('/api/v1/ticket-categories', { name: 'x'.repeat(81) });
      assert.ok(errorOf(long).fields?.name);
      const badPosition = await owner.patch(`/api/v1/ticket-categories/${other.id}`, { position: -1 });
      assert.equal(badPosition.statusCode, 400);
      assert.ok(errorOf(badPosition).fields?.position);
      const nothing = await owner.patch(`/api/v1/ticket-categories/${other.id}`, {});
      assert.equal(nothing.statusCode, 400);
      const extra = await owner.post('/api/v1/ticket-categories', { name: 'Ok', archivedAt: 'x' });
      assert.equal(extra.statusCode, 400);
      assert.ok(errorOf(extra).fields?.archivedAt);

      const missing = await owner.patch('/api/v1/ticket-categories/999999', { name: 'Ghost' });
      assert.equal(missing.statusCode, 404);
    });

    test('the unique-index guard turns a database refusal into the clear 409', async () => {
      await assert.rejects(
        uniquely(
          () => Promise.reject(Object.assign(new Error('dup'), { code: '23505' })),
          message('errors:supportConfig.teamNameTaken', { name: 'Desk' }),
        ),
        (error: Error & { status?: number; reason?: string }) =>
          error.message === 'A team named “Desk” already exists. Choose another name.' &&
          error.status === 409 &&
          error.reason === 'name_taken',
      );
      await assert.rejects(
        uniquely(() => Promise.reject(new Error('other')), message('errors:supportConfig.ruleInvalid')),
        (error: Error) => error.message === 'other',
      );
    });
  });

  describe('business-hours calendars', () => {
    test('create, read, change, delete; validated with field names; a calendar in use cannot be deleted', async () => {
      const audits = await auditCount(t, 'support.calendar_changed');
      const created = await owner.post('/api/v1/sla-calendars', {
        name: 'London office',
        calendar: officeHours,
      });
      assert.equal(created.statusCode, 201, created.body);
      const london = created.json() as SlaCalendarResponse;
      assert.equal(london.calendar.timeZone, 'Europe/London');
      assert.deepEqual(london.calendar.holidays, ['2026-12-25']);
      assert.deepEqual(london.policies, []);

      const read = await viewer.get(`/api/v1/sla-calendars/${london.id}`);
      assert.equal(read.statusCode, 200);
      assert.deepEqual(read.json(), london);

      const always = await owner.patch(`/api/v1/sla-calendars/${london.id}`, {
        calendar: { timeZone: 'UTC', alwaysOpen: true },
      });
      assert.equal(always.statusCode, 200, always.body);
      assert.equal(always.json().calendar.alwaysOpen, true);
      assert.equal(always.json().calendar.weekly.length, 7);

      const problems = await owner.post('/api/v1/sla-calendars', {
        name: 'Broken',
        calendar: {
          timeZone: 'Mars/Olympus',
          weekly: [[], [{ start: '17:00', end: '09:00' }], [{ start: '9am', end: '17:00' }], [], [], [], []],
          holidays: ['2026-02-30'],
        },
      });
      assert.equal(problems.statusCode, 400);
      const fields = errorOf(problems).fields ?? {};
      assert.ok(fields['calendar.timeZone'], JSON.stringify(fields));
      assert.ok(fields['calendar.weekly.1.0.end'], JSON.stringify(fields));
      assert.ok(fields['calendar.weekly.2.0.start'], JSON.stringify(fields));
      assert.ok(fields['calendar.holidays.0'], JSON.stringify(fields));

      const overlap = await owner.post('/api/v1/sla-calendars', {
        name: 'Overlap',
        calendar: {
          timeZone: 'UTC',
          weekly: [
            [],
            [
              { start: '09:00', end: '13:00' },
              { start: '12:00', end: '17:00' },
            ],
            [],
            [],
            [],
            [],
            [],
          ],
        },
      });
      assert.equal(overlap.statusCode, 400);
      assert.ok(errorOf(overlap).fields?.['calendar.weekly.1.1.start']);

      const closed = await owner.post('/api/v1/sla-calendars', {
        name: 'Never open',
        calendar: { timeZone: 'UTC', weekly: [[], [], [], [], [], [], []] },
      });
      assert.equal(closed.statusCode, 400);
      assert.ok(errorOf(closed).fields?.['calendar.weekly']);

      const sixDays = await owner.post('/api/v1/sla-calendars', {
        name: 'Six',
        calendar: { timeZone: 'UTC', weekly: [[], weekday, weekday, weekday, weekday, weekday] },
      });
      assert.ok(errorOf(sixDays).fields?.['calendar.weekly']);

      const dup = await owner.post('/api/v1/sla-calendars', {
        name: 'BUSINESS HOURS',
        calendar: officeHours,
      });
      assert.equal(dup.statusCode, 409);

      // In use by a policy: 409, and nothing is deleted.
      const policy = await owner.post('/api/v1/sla-policies', {
        name: 'Uses London',
        calendarId: london.id,
        targets,
      });
      assert.equal(policy.statusCode, 201, policy.body);
      const inUse = await del(owner, `/api/v1/sla-calendars/${london.id}`);
      assert.equal(inUse.statusCode, 409);
      assert.match(errorOf(inUse).message, /Uses London/);
      assert.equal(errorOf(inUse).reason, 'calendar_in_use');
      assert.equal((await owner.get(`/api/v1/sla-calendars/${london.id}`)).statusCode, 200);

      assert.equal((await del(owner, `/api/v1/sla-policies/${policy.json().id}`)).statusCode, 200);
      const gone = await del(owner, `/api/v1/sla-calendars/${london.id}`);
      assert.equal(gone.statusCode, 200, gone.body);
      assert.equal((await owner.get(`/api/v1/sla-calendars/${london.id}`)).statusCode, 404);
      assert.equal((await del(owner, `/api/v1/sla-calendars/${london.id}`)).statusCode, 404);
      assert.equal((await owner.patch('/api/v1/sla-calendars/999999', { name: 'X' })).statusCode, 404);
      assert.equal(await auditCount(t, 'support.calendar_changed'), audits + 3);
    });
  });

  describe('SLA policies', () => {
    let calendarId: number;
    before(async () => {
      const res = await owner.post('/api/v1/sla-calendars', { name: 'Policy tests', calendar: officeHours });
      calendarId = res.json().id;
    });

    test('targets are validated per priority with field names; pausing statuses are a subset, waiting on client by default', async () => {
      const bad = await owner.post('/api/v1/sla-policies', {
        name: 'Bad',
        calendarId,
        targets: {
          ...targets,
          high: { responseMinutes: 600, resolutionMinutes: 480 },
          low: { responseMinutes: 0, resolutionMinutes: 1.5 },
        },
      });
      assert.equal(bad.statusCode, 400);
      const fields = errorOf(bad).fields ?? {};
      assert.ok(fields['targets.high.responseMinutes'], JSON.stringify(fields));
      assert.ok(fields['targets.low.responseMinutes'], JSON.stringify(fields));
      assert.ok(fields['targets.low.resolutionMinutes'], JSON.stringify(fields));

      const missing = await owner.post('/api/v1/sla-policies', {
        name: 'Missing',
        calendarId,
        targets: { low: targets.low },
      });
      assert.ok(errorOf(missing).fields?.['targets.medium'], missing.body);

      const pausing = await owner.post('/api/v1/sla-policies', {
        name: 'Pausing',
        calendarId,
        targets,
        pausingStatuses: ['closed'],
      });
      assert.equal(pausing.statusCode, 400);
      assert.ok(errorOf(pausing).fields?.['pausingStatuses.0']);

      const noCalendar = await owner.post('/api/v1/sla-policies', {
        name: 'Nowhere',
        calendarId: 999999,
        targets,
      });
      assert.equal(noCalendar.statusCode, 400);
      assert.ok(errorOf(noCalendar).fields?.calendarId);

      const plain = await owner.post('/api/v1/sla-policies', { name: 'Plain', calendarId, targets });
      assert.equal(plain.statusCode, 201, plain.body);
      const p = plain.json() as SlaPolicyResponse;
      assert.deepEqual(p.pausingStatuses, ['waiting-on-client']);
      assert.equal(p.isDefault, false);
      assert.equal(p.inUse, false);
      assert.equal(p.calendarName, 'Policy tests');
      assert.deepEqual(p.targets, targets);

      const both = await owner.patch(`/api/v1/sla-policies/${p.id}`, {
        pausingStatuses: ['waiting-on-vendor', 'waiting-on-client', 'waiting-on-vendor'],
      });
      assert.equal(both.statusCode, 200, both.body);
      assert.deepEqual(both.json().pausingStatuses, ['waiting-on-client', 'waiting-on-vendor']);
      const none = await owner.patch(`/api/v1/sla-policies/${p.id}`, { pausingStatuses: [] });
      assert.deepEqual(none.json().pausingStatuses, []);

      const dup = await owner.post('/api/v1/sla-policies', { name: 'plain', calendarId, targets });
      assert.equal(dup.statusCode, 409);
      assert.equal((await owner.patch('/api/v1/sla-policies/999999', { name: 'X' })).statusCode, 404);
    });

    test('exactly one default, switched in one go; the default and policies in use cannot be deleted; tickets keep their targets', async () => {
      const all = async () => (await owner.get('/api/v1/sla-policies')).json().items as SlaPolicyResponse[];
      const standard = (await all()).find((p) => p.isDefault);
      assert.ok(standard, 'the migration made a default');

      const gold = await owner.post('/api/v1/sla-policies', {
        name: 'Gold',
        calendarId,
        targets,
        isDefault: true,
      });
      assert.equal(gold.statusCode, 201, gold.body);
      let list = await all();
      assert.deepEqual(
        list.filter((p) => p.isDefault).map((p) => p.name),
        ['Gold'],
      );
      assert.equal(list[0]?.name, 'Gold', 'the default is listed first');

      const back = await owner.patch(`/api/v1/sla-policies/${standard.id}`, { isDefault: true });
      assert.equal(back.statusCode, 200);
      list = await all();
      assert.deepEqual(
        list.filter((p) => p.isDefault).map((p) => p.id),
        [standard.id],
      );

      const unset = await owner.patch(`/api/v1/sla-policies/${standard.id}`, { isDefault: false });
      assert.equal(unset.statusCode, 400);
      assert.ok(errorOf(unset).fields?.isDefault);

      const deleteDefault = await del(owner, `/api/v1/sla-policies/${standard.id}`);
      assert.equal(deleteDefault.statusCode, 409);
      assert.match(errorOf(deleteDefault).message, /default/);
      assert.equal(errorOf(deleteDefault).reason, 'policy_is_default');

      // A ticket measured by Gold, with the targets copied onto it.
      const goldId = gold.json().id as number;
      const at = new Date().toISOString();
      const ticket = await t.db
        .insertInto('tickets')
        .values({
          client_id: acmeId,
          subject: 'Measured by Gold',
          description: 'x',
          priority: 'high',
          status: 'open',
          source: 'staff',
          sla_policy_id: goldId,
          response_target_ms: 90 * 60_000,
          resolution_target_ms: 480 * 60_000,
          updated_at: at,
          public_updated_at: at,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal((await owner.get(`/api/v1/sla-policies/${goldId}`)).json().inUse, true);
      const changed = await owner.patch(`/api/v1/sla-policies/${goldId}`, {
        targets: { ...targets, high: { responseMinutes: 10, resolutionMinutes: 20 } },
      });
      assert.equal(changed.statusCode, 200);
      assert.deepEqual(changed.json().targets.high, { responseMinutes: 10, resolutionMinutes: 20 });
      const row = await t.db
        .selectFrom('tickets')
        .select(['response_target_ms', 'resolution_target_ms'])
        .where('id', '=', ticket.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.response_target_ms), 90 * 60_000, 'the ticket keeps its copied targets');
      assert.equal(Number(row.resolution_target_ms), 480 * 60_000);

      const inUse = await del(owner, `/api/v1/sla-policies/${goldId}`);
      assert.equal(inUse.statusCode, 409);
      assert.match(errorOf(inUse).message, /Tickets are measured/);

      const spare = (await owner.post('/api/v1/sla-policies', { name: 'Spare', calendarId, targets })).json();
      const audits = await auditCount(t, 'support.policy_changed');
      assert.equal((await del(owner, `/api/v1/sla-policies/${spare.id}`)).statusCode, 200);
      assert.equal((await owner.get(`/api/v1/sla-policies/${spare.id}`)).statusCode, 404);
      assert.equal(await auditCount(t, 'support.policy_changed'), audits + 1);
    });

    test('two policies made the default at once still leave exactly one', async () => {
      const a = (await owner.post('/api/v1/sla-policies', { name: 'Race A', calendarId, targets })).json();
      const b = (await owner.post('/api/v1/sla-policies', { name: 'Race B', calendarId, targets })).json();
      await Promise.all([
        owner.patch(`/api/v1/sla-policies/${a.id}`, { isDefault: true }),
        owner.patch(`/api/v1/sla-policies/${b.id}`, { isDefault: true }),
      ]);
      const defaults = await t.db
        .selectFrom('sla_policies')
        .select('id')
        .where('is_default', '=', 1)
        .execute();
      assert.equal(defaults.length, 1);
    });
  });

  describe('teams and assignment rules', () => {
    test('teams: members are active staff who work on tickets; a team used by a rule cannot be deleted', async () => {
      const billingId = await accountId(t, 'billing@portico.example');
      const contactAccount = await accountId(t, 'primary@acme.example');
      const bad = await owner.post('/api/v1/teams', {
        name: 'Wrong people',
        memberAccountIds: [techId, billingId, contactAccount, 999999],
      });
      assert.equal(bad.statusCode, 400);
      const message = errorOf(bad).fields?.memberAccountIds ?? '';
      assert.match(message, new RegExp(`${billingId}`));
      assert.match(message, new RegExp(`${contactAccount}`));
      assert.match(message, /999999/);
      assert.doesNotMatch(message, new RegExp(`\\b${techId}\\b`));

      const twice = await owner.post('/api/v1/teams', { name: 'Twice', memberAccountIds: [techId, techId] });
      assert.ok(errorOf(twice).fields?.memberAccountIds);

      const audits = await auditCount(t, 'support.team_changed');
      const created = await owner.post('/api/v1/teams', { name: 'Night shift', memberAccountIds: [techId] });
      assert.equal(created.statusCode, 201, created.body);
      const team = created.json() as TeamResponse;
      assert.deepEqual(
        team.members.map((m) => [m.accountId, m.active]),
        [[techId, true]],
      );

      const dup = await owner.post('/api/v1/teams', { name: 'NIGHT SHIFT' });
      assert.equal(dup.statusCode, 409);

      const grown = await owner.patch(`/api/v1/teams/${team.id}`, { memberAccountIds: [adminId, techId] });
      assert.equal(grown.statusCode, 200, grown.body);
      assert.deepEqual(
        (grown.json() as TeamResponse).members.map((m) => m.accountId).sort(),
        [adminId, techId].sort(),
      );
      const shrunk = await owner.patch(`/api/v1/teams/${team.id}`, {
        memberAccountIds: [adminId],
        name: 'Desk',
      });
      assert.deepEqual(
        (shrunk.json() as TeamResponse).members.map((m) => m.accountId),
        [adminId],
      );
      assert.equal(shrunk.json().name, 'Desk');
      assert.equal((await viewer.get(`/api/v1/teams/${team.id}`)).json().name, 'Desk');

      const rule = await owner.post('/api/v1/assignment-rules', { teamId: team.id });
      assert.equal(rule.statusCode, 201, rule.body);
      const used = await del(owner, `/api/v1/teams/${team.id}`);
      assert.equal(used.statusCode, 409);
      assert.match(errorOf(used).message, /assignment rule/);
      assert.equal(errorOf(used).reason, 'team_in_use');
      assert.equal((await del(owner, `/api/v1/assignment-rules/${rule.json().id}`)).statusCode, 200);
      assert.equal((await del(owner, `/api/v1/teams/${team.id}`)).statusCode, 200);
      assert.equal((await owner.get(`/api/v1/teams/${team.id}`)).statusCode, 404);
      assert.equal(await auditCount(t, 'support.team_changed'), audits + 4);
    });

    test('rules: exactly one of a team and a person; ids must exist; switch targets; reorder; delete', async () => {
      await t.db.deleteFrom('assignment_rules').execute();
      const team = (
        await owner.post('/api/v1/teams', { name: 'Rules team', memberAccountIds: [techId] })
      ).json();
      const hardware = ((await owner.get('/api/v1/ticket-categories')).json().items as TicketCategory[]).find(
        (c) => c.name === 'Hardware',
      );
      assert.ok(hardware);

      const both = await owner.post('/api/v1/assignment-rules', {
        teamId: team.id,
        assigneeAccountId: techId,
      });
      assert.equal(both.statusCode, 400);
      assert.ok(errorOf(both).fields?.teamId);
      const neither = await owner.post('/api/v1/assignment-rules', { clientId: acmeId });
      assert.equal(neither.statusCode, 400);
      assert.ok(errorOf(neither).fields?.teamId);

      const billingId = await accountId(t, 'billing@portico.example');
      const unknown = await owner.post('/api/v1/assignment-rules', {
        clientId: 999999,
        categoryId: 999999,
        assigneeAccountId: billingId,
      });
      assert.equal(unknown.statusCode, 400);
      const fields = errorOf(unknown).fields ?? {};
      assert.ok(fields.clientId && fields.categoryId && fields.assigneeAccountId, JSON.stringify(fields));
      const noTeam = await owner.post('/api/v1/assignment-rules', { teamId: 999999 });
      assert.ok(errorOf(noTeam).fields?.teamId);

      const audits = await auditCount(t, 'support.rule_changed');
      const r1 = (
        await owner.post('/api/v1/assignment-rules', {
          clientId: acmeId,
          categoryId: hardware.id,
          teamId: team.id,
        })
      ).json() as AssignmentRuleResponse;
      assert.equal(r1.clientName, 'Acme Manufacturing');
      assert.equal(r1.categoryName, 'Hardware');
      assert.equal(r1.teamName, 'Rules team');
      assert.equal(r1.enabled, true);
      const r2 = (
        await owner.post('/api/v1/assignment-rules', { assigneeAccountId: adminId, enabled: false })
      ).json() as AssignmentRuleResponse;
      assert.equal(r2.assigneeName, 'Adam Achebe');
      assert.equal(r2.enabled, false);
      assert.ok(r2.position > r1.position, 'new rules are tried last');

      const toPerson = await owner.patch(`/api/v1/assignment-rules/${r1.id}`, { assigneeAccountId: techId });
      assert.equal(toPerson.statusCode, 200, toPerson.body);
      assert.equal(toPerson.json().teamId, null, 'naming a person drops the team');
      assert.equal(toPerson.json().assigneeAccountId, techId);
      const clash = await owner.patch(`/api/v1/assignment-rules/${r1.id}`, {
        teamId: team.id,
        assigneeAccountId: techId,
      });
      assert.equal(clash.statusCode, 400);
      assert.ok(errorOf(clash).fields?.teamId);
      const anyClient = await owner.patch(`/api/v1/assignment-rules/${r1.id}`, {
        clientId: null,
        enabled: false,
      });
      assert.equal(anyClient.json().clientId, null);
      assert.equal(anyClient.json().enabled, false);

      const ordered = await owner.post('/api/v1/assignment-rules/order', { ids: [r2.id, r1.id] });
      assert.equal(ordered.statusCode, 200, ordered.body);
      assert.deepEqual(
        (ordered.json().items as AssignmentRuleResponse[]).map((r) => [r.id, r.position]),
        [
          [r2.id, 0],
          [r1.id, 1],
        ],
      );
      const partial = await owner.post('/api/v1/assignment-rules/order', { ids: [r2.id] });
      assert.equal(partial.statusCode, 400);
      assert.ok(errorOf(partial).fields?.ids);
      const repeated = await owner.post('/api/v1/assignment-rules/order', { ids: [r2.id, r2.id] });
      assert.equal(repeated.statusCode, 400);

      assert.equal((await del(owner, `/api/v1/assignment-rules/${r2.id}`)).statusCode, 200);
      assert.equal((await owner.get(`/api/v1/assignment-rules/${r2.id}`)).statusCode, 404);
      assert.equal(
        (await owner.patch(`/api/v1/assignment-rules/${r2.id}`, { enabled: true })).statusCode,
        404,
      );
      assert.equal(await auditCount(t, 'support.rule_changed'), audits + 6);
      await t.db.deleteFrom('assignment_rules').execute();
    });
  });

  describe('canned responses', () => {
    test('technicians curate them; titles unique; search by title or text; Markdown body rendered safely', async () => {
      const audits = await auditCount(t, 'support.canned_response_changed');
      const created = await tech.post('/api/v1/canned-responses', {
        title: 'Restart first',
        body: 'Please **restart** the computer. <script>alert(1)</script>',
      });
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json();
      assert.match(c.bodyHtml, /<strong>restart<\/strong>/);
      assert.doesNotMatch(c.bodyHtml, /<script>/);
      assert.equal(c.createdByName, 'Tariq Haddad');

      await tech.post('/api/v1/canned-responses', { title: 'Password reset', body: 'Use the 50%_off link.' });
      const all = (await tech.get('/api/v1/canned-responses')).json().items as { title: string }[];
      const titles = all.map((i) => i.title);
      assert.deepEqual(
        titles,
        [...titles].sort((a, b) => a.localeCompare(b)),
      );
      const byTitle = (await tech.get('/api/v1/canned-responses?q=RESTART')).json().items as { id: number }[];
      assert.deepEqual(
        byTitle.map((i) => i.id),
        [c.id],
      );
      const byBody = (await tech.get('/api/v1/canned-responses?q=50%25_off')).json();
      assert.deepEqual(
        byBody.items.map((i: { title: string }) => i.title),
        ['Password reset'],
      );
      const wildcard = (await tech.get('/api/v1/canned-responses?q=%25')).json();
      assert.deepEqual(
        wildcard.items.map((i: { title: string }) => i.title),
        ['Password reset'],
        '% is searched for literally',
      );
      assert.deepEqual(Object.keys(byBody.items[0]).sort(), ['body', 'id', 'title', 'updatedAt']);

      const dup = await owner.post('/api/v1/canned-responses', { title: 'restart FIRST', body: 'x' });
      assert.equal(dup.statusCode, 409);
      const tooLong = await tech.post('/api/v1/canned-responses', {
        title: 'Long',
        body: 'x'.repeat(20_001),
      });
      assert.equal(tooLong.statusCode, 400);
      assert.ok(errorOf(tooLong).fields?.body);
      const empty = await tech.post('/api/v1/canned-responses', { title: '', body: ' ' });
      assert.ok(errorOf(empty).fields?.title && errorOf(empty).fields?.body);
      const okLong = await tech.post('/api/v1/canned-responses', { title: 'Long', body: 'x'.repeat(20_000) });
      assert.equal(okLong.statusCode, 201);

      const edited = await tech.patch(`/api/v1/canned-responses/${c.id}`, { body: 'Restart, then call us.' });
      assert.equal(edited.statusCode, 200);
      assert.equal(edited.json().body, 'Restart, then call us.');
      const renameTaken = await tech.patch(`/api/v1/canned-responses/${c.id}`, { title: 'Password Reset' });
      assert.equal(renameTaken.statusCode, 409);

      assert.equal((await del(tech, `/api/v1/canned-responses/${c.id}`)).statusCode, 200);
      assert.equal((await tech.get(`/api/v1/canned-responses/${c.id}`)).statusCode, 404);
      assert.equal((await tech.patch(`/api/v1/canned-responses/${c.id}`, { title: 'Z' })).statusCode, 404);
      assert.equal((await del(tech, `/api/v1/canned-responses/${c.id}`)).statusCode, 404);
      assert.equal(await auditCount(t, 'support.canned_response_changed'), audits + 5);
    });
  });

  describe('ticket options', () => {
    test('a contact gets active categories, priorities with targets and expectations in words, and the attachment limit', async () => {
      await owner.patch('/api/v1/settings', { attachmentMaxMb: 7 });
      const res = await contact.get('/api/v1/ticket-options');
      assert.equal(res.statusCode, 200, res.body);
      const options = res.json() as TicketOptions;
      assert.equal(options.maxAttachmentBytes, 7 * 1024 * 1024);
      assert.ok(options.categories.some((c) => c.name === 'General'));
      assert.deepEqual(
        options.priorities.map((p) => p.value),
        ['low', 'medium', 'high', 'critical'],
      );
      const defaultPolicy = (
        (await owner.get('/api/v1/sla-policies')).json().items as SlaPolicyResponse[]
      ).find((p) => p.isDefault);
      assert.ok(defaultPolicy);
      for (const p of options.priorities) {
        assert.equal(p.responseMinutes, defaultPolicy.targets[p.value].responseMinutes);
        assert.equal(p.resolutionMinutes, defaultPolicy.targets[p.value].resolutionMinutes);
        assert.match(p.expectation ?? '', /^First response within .+, resolution within .+$/);
      }
      assert.equal(options.priorities[0]?.label, 'Low');

      // Labels and expectations in the reader's language; values and minutes the same.
      const german = (
        await contact.get('/api/v1/ticket-options', { 'accept-language': 'de' })
      ).json() as TicketOptions;
      assert.equal(german.priorities[0]?.label, 'Niedrig');
      assert.deepEqual(
        german.priorities.map((p) => [p.value, p.responseMinutes, p.resolutionMinutes]),
        options.priorities.map((p) => [p.value, p.responseMinutes, p.resolutionMinutes]),
      );
      for (const p of german.priorities)
        assert.match(p.expectation ?? '', /^Erste Antwort innerhalb von .+, Lösung innerhalb von .+$/);

      const own = await contact.get(`/api/v1/ticket-options?clientId=${acmeId}`);
      assert.equal(own.statusCode, 200);
      const other = await contact.get(`/api/v1/ticket-options?clientId=${birchId}`);
      assert.equal(other.statusCode, 404, 'another client is never confirmed');
      assert.doesNotMatch(other.body, /Birchwood/);

      const staffView = await viewer.get(`/api/v1/ticket-options?clientId=${birchId}`);
      assert.equal(staffView.statusCode, 200);
      assert.equal((await tech.get('/api/v1/ticket-options')).statusCode, 200);
      assert.equal((await tech.get('/api/v1/ticket-options?clientId=999999')).statusCode, 404);
      assert.equal((await anon.get('/api/v1/ticket-options')).statusCode, 401);
    });

    test('expectations follow the default policy and its calendar: business hours, or plain time when 24x7', async () => {
      const cal = (
        await owner.post('/api/v1/sla-calendars', {
          name: 'Round the clock',
          calendar: { timeZone: 'UTC', alwaysOpen: true },
        })
      ).json();
      const original = ((await owner.get('/api/v1/sla-policies')).json().items as SlaPolicyResponse[]).find(
        (p) => p.isDefault,
      );
      assert.ok(original);
      const policy = await owner.post('/api/v1/sla-policies', {
        name: '24x7 support',
        calendarId: cal.id,
        isDefault: true,
        targets: {
          low: { responseMinutes: 60, resolutionMinutes: 2880 },
          medium: { responseMinutes: 90, resolutionMinutes: 1440 },
          high: { responseMinutes: 30, resolutionMinutes: 120 },
          critical: { responseMinutes: 1, resolutionMinutes: 45 },
        },
      });
      assert.equal(policy.statusCode, 201, policy.body);
      let words = ((await contact.get('/api/v1/ticket-options')).json() as TicketOptions).priorities.map(
        (p) => p.expectation,
      );
      assert.deepEqual(words, [
        'First response within 1 hour, resolution within 2 days',
        'First response within 1 h 30 min, resolution within 1 day',
        'First response within 30 minutes, resolution within 2 hours',
        'First response within 1 minute, resolution within 45 minutes',
      ]);

      await owner.patch(`/api/v1/sla-calendars/${cal.id}`, {
        calendar: { timeZone: 'UTC', weekly: [[], weekday, weekday, weekday, weekday, weekday, []] },
      });
      words = ((await contact.get('/api/v1/ticket-options')).json() as TicketOptions).priorities.map(
        (p) => p.expectation,
      );
      assert.deepEqual(words, [
        'First response within 1 business hour, resolution within 48 business hours',
        'First response within 1 h 30 min of business time, resolution within 24 business hours',
        'First response within 30 business minutes, resolution within 2 business hours',
        'First response within 1 business minute, resolution within 45 business minutes',
      ]);
      await owner.patch(`/api/v1/sla-policies/${original.id}`, { isDefault: true });
    });

    test('contacts without a tickets permission are refused; with the feature off the route does not exist for them', async () => {
      const billingContact = new Client(t.app);
      await billingContact.login('billing@acme.example');
      assert.equal((await billingContact.get('/api/v1/ticket-options')).statusCode, 403);

      await owner.patch('/api/v1/settings', { features: { tickets: false } });
      try {
        assert.equal((await contact.get('/api/v1/ticket-options')).statusCode, 404);
        assert.equal((await tech.get('/api/v1/ticket-options')).statusCode, 200, 'staff still see it');
      } finally {
        await owner.patch('/api/v1/settings', { features: { tickets: true } });
      }
      assert.equal((await contact.get('/api/v1/ticket-options')).statusCode, 200);
    });
  });
});
