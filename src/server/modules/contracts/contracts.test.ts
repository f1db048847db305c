/**
 * Contracts (issue 14, points 1 and 2) through the API, on the test database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): who may call what, bad input refused field by field with nothing written, status
 * changes, audit rows, Idempotency-Key, and what a contact reads in the portal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  ContractListResponse,
  ContractResponse,
  PortalContractList,
} from '../../../shared/schemas/contracts.ts';
import { Client, clientIdByName, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';

async function countContracts(t: TestApp): Promise<number> {
  const row = await t.db
    .selectFrom('contracts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('contracts', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  let birchwoodId: number;
  let acmeSiteId: number;
  let birchwoodSiteId: number;
  let acmeContactId: number;
  let birchwoodContactId: number;
  let policyId: number;
  let calendarId: number;

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    birchwoodId = await clientIdByName(owner, 'Birchwood Dental');
    // A second Acme site, so "some sites" differs from "all sites".
    const acme = (await owner.get(`/api/v1/clients/${acmeId}`)).json() as {
      sites: { id: number; label: string; address: string }[];
    };
    const withSite = await owner.patch(`/api/v1/clients/${acmeId}`, {
      sites: [...acme.sites, { label: 'Warehouse', address: '9 Dock Road, Salford M50 2AA' }],
    });
    assert.equal(withSite.statusCode, 200);
    const sites = (withSite.json() as { sites: { id: number; label: string }[] }).sites;
    acmeSiteId = sites.find((s) => s.label === 'Warehouse')!.id;
    birchwoodSiteId = (
      (await owner.get(`/api/v1/clients/${birchwoodId}`)).json() as { sites: { id: number }[] }
    ).sites[0]!.id;
    const contacts = await t.db.selectFrom('contacts').select(['id', 'email', 'client_id']).execute();
    acmeContactId = contacts.find((c) => c.email === 'primary@acme.example')!.id;
    birchwoodContactId = contacts.find((c) => c.email === 'primary@birchwood.example')!.id;
    const policies = (await owner.get('/api/v1/sla-policies')).json() as {
      items: { id: number; calendarId: number }[];
    };
    policyId = policies.items[0]!.id;
    calendarId = policies.items[0]!.calendarId;
  });
  after(() => t.close());

  const base = () => ({
    clientId: acmeId,
    name: 'Managed IT 2026',
    type: 'managed-services',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });

  test('the staff routes refuse the unauthenticated (401) and contacts (403); the portal route refuses staff', async () => {
    const anon = new Client(t.app);
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const calls: [string, 'GET' | 'POST' | 'PATCH', string, unknown?][] = [
      ['list', 'GET', '/api/v1/contracts'],
      ['create', 'POST', '/api/v1/contracts', base()],
      ['read', 'GET', '/api/v1/contracts/1'],
      ['edit', 'PATCH', '/api/v1/contracts/1', { name: 'Mine' }],
    ];
    for (const [what, method, url, body] of calls) {
      const res = await anon.request(method, url, body === undefined ? {} : { body });
      assert.equal(res.statusCode, 401, `${what} unauthenticated`);
      const asContact = await contact.request(method, url, body === undefined ? {} : { body });
      assert.equal(asContact.statusCode, 403, `${what} as a contact`);
    }
    assert.equal((await anon.get('/api/v1/portal/contracts')).statusCode, 401);
    assert.equal((await owner.get('/api/v1/portal/contracts')).statusCode, 403);
  });

  test('bad input is refused field by field, and nothing is written', async () => {
    const before = await countContracts(t);
    const bad = await owner.post('/api/v1/contracts', {
      ...base(),
      name: ' ',
      type: 'forever',
      startDate: '2026-02-30',
      noticeDays: -1,
    });
    assert.equal(bad.statusCode, 400);
    const fields = errorOf(bad).fields ?? {};
    for (const f of ['name', 'type', 'startDate', 'noticeDays']) assert.ok(fields[f], `${f} explained`);

    const crossed = await owner.post('/api/v1/contracts', {
      ...base(),
      endDate: '2025-12-31',
      renewalDate: '2025-06-01',
      allSites: false,
      siteIds: [acmeSiteId, birchwoodSiteId],
      contactIds: [birchwoodContactId],
      slaPolicyId: 999_999,
      slaCalendarId: 999_998,
    });
    assert.equal(crossed.statusCode, 400);
    const e = errorOf(crossed);
    assert.equal(e.code, 'validation_failed');
    assert.equal(e.fields?.endDate, 'The end date cannot be before the start date.');
    assert.ok(e.fields?.renewalDate, 'renewal before start explained');
    assert.equal(e.fields?.['siteIds.1'], 'This site is not one of this client’s sites.');
    assert.equal(e.fields?.['siteIds.0'], undefined, 'the own site is fine');
    assert.equal(e.fields?.['contactIds.0'], 'This person is not one of this client’s contacts.');
    assert.ok(e.fields?.slaPolicyId);
    assert.ok(e.fields?.slaCalendarId);

    const unknownClient = await owner.post('/api/v1/contracts', { ...base(), clientId: 999_999 });
    assert.equal(unknownClient.statusCode, 404);
    const extra = await owner.post('/api/v1/contracts', { ...base(), status: 'expired' });
    assert.equal(extra.statusCode, 400, 'a contract is not created expired');
    const sneaky = await owner.post('/api/v1/contracts', {
      ...base(),
      createdAt: '2020-01-01T00:00:00.000Z',
    });
    assert.equal(sneaky.statusCode, 400);
    assert.equal(await countContracts(t), before);
  });

  test('read-only staff read contracts but cannot create or change them', async () => {
    const readOnly = new Client(t.app);
    await readOnly.login('readonly@portico.example');
    assert.equal((await readOnly.get('/api/v1/contracts')).statusCode, 200);
    const refused = await readOnly.post('/api/v1/contracts', base());
    assert.equal(refused.statusCode, 403);
    assert.equal(errorOf(refused).code, 'forbidden');
  });

  test('create and read: sites, contacts, policy and calendar, audit row; a key replays the answer', async () => {
    const before = await countContracts(t);
    const body = {
      ...base(),
      name: 'Acme warehouse support',
      scope: '**Covered:** servers\n\n<script>alert(1)</script>',
      slaPolicyId: policyId,
      slaCalendarId: calendarId,
      allSites: false,
      siteIds: [acmeSiteId],
      contactIds: [acmeContactId, acmeContactId],
      renewalDate: '2026-11-30',
      autoRenew: true,
      noticeDays: 30,
    };
    const key = { 'idempotency-key': 'contract-create-1' };
    const res = await owner.post('/api/v1/contracts', body, { headers: key });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json() as ContractResponse;
    assert.equal(c.status, 'draft');
    assert.equal(c.clientName, 'Acme Manufacturing');
    assert.deepEqual(
      c.sites.map((s) => s.id),
      [acmeSiteId],
    );
    assert.deepEqual(
      c.contacts.map((p) => p.id),
      [acmeContactId],
    );
    assert.equal(c.slaPolicy?.id, policyId);
    assert.equal(c.slaCalendar?.id, calendarId);
    assert.match(c.scopeHtml, /<strong>Covered:<\/strong>/);
    assert.ok(!c.scopeHtml.includes('<script>'), 'raw HTML is escaped');
    assert.equal(c.noticeDays, 30);
    assert.equal(c.autoRenew, true);

    const again = await owner.post('/api/v1/contracts', body, { headers: key });
    assert.equal(again.statusCode, 201);
    assert.equal((again.json() as ContractResponse).id, c.id, 'the same contract, not a second one');
    assert.equal(await countContracts(t), before + 1);

    const read = (await owner.get(`/api/v1/contracts/${c.id}`)).json() as ContractResponse;
    assert.deepEqual(read, c);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'contract.created')
      .where('target_id', '=', c.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.client_id, acmeId);

    const list = (await owner.get(`/api/v1/contracts?clientId=${acmeId}`)).json() as ContractListResponse;
    assert.ok(list.items.some((i) => i.id === c.id));
    const other = (
      await owner.get(`/api/v1/contracts?clientId=${birchwoodId}`)
    ).json() as ContractListResponse;
    assert.ok(!other.items.some((i) => i.id === c.id));
  });

  test('edit: checked against the contract’s client; all-or-nothing; all sites means every site', async () => {
    const made = (
      await owner.post('/api/v1/contracts', { ...base(), name: 'Edit me' })
    ).json() as ContractResponse;
    assert.equal(made.allSites, true);
    assert.ok(made.sites.length >= 2, 'all of Acme’s sites');

    const wrong = await owner.patch(`/api/v1/contracts/${made.id}`, {
      name: 'Should not stick',
      allSites: false,
      siteIds: [birchwoodSiteId],
    });
    assert.equal(wrong.statusCode, 400);
    assert.ok(errorOf(wrong).fields?.['siteIds.0']);
    const ends = await owner.patch(`/api/v1/contracts/${made.id}`, { endDate: '2025-01-01' });
    assert.equal(ends.statusCode, 400);
    assert.ok(errorOf(ends).fields?.endDate);
    const unchanged = (await owner.get(`/api/v1/contracts/${made.id}`)).json() as ContractResponse;
    assert.equal(unchanged.name, 'Edit me');
    assert.equal(unchanged.endDate, '2026-12-31');

    const ok = await owner.patch(`/api/v1/contracts/${made.id}`, {
      name: 'Edited',
      allSites: false,
      siteIds: [acmeSiteId],
    });
    assert.equal(ok.statusCode, 200);
    const edited = ok.json() as ContractResponse;
    assert.equal(edited.name, 'Edited');
    assert.deepEqual(
      edited.sites.map((s) => s.id),
      [acmeSiteId],
    );
    const audit = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'contract.updated')
      .where('target_id', '=', made.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]!.details).changed, ['name', 'allSites', 'siteIds']);
  });

  test('status: only sensible changes; cancelled is final', async () => {
    const made = (
      await owner.post('/api/v1/contracts', { ...base(), name: 'Lifecycle' })
    ).json() as ContractResponse;
    const skip = await owner.patch(`/api/v1/contracts/${made.id}`, { status: 'expired' });
    assert.equal(skip.statusCode, 409);
    assert.equal(errorOf(skip).reason, 'contract_status_not_allowed');
    for (const status of ['active', 'expired', 'active', 'cancelled'] as const) {
      const res = await owner.patch(`/api/v1/contracts/${made.id}`, { status });
      assert.equal(res.statusCode, 200, `to ${status}: ${res.body}`);
      assert.equal((res.json() as ContractResponse).status, status);
    }
    const after = await owner.patch(`/api/v1/contracts/${made.id}`, { name: 'Too late' });
    assert.equal(after.statusCode, 409);
    assert.equal(errorOf(after).reason, 'contract_cancelled');
    const changes = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'contract.status_changed')
      .where('target_id', '=', made.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      changes.map((r) => JSON.parse(r.details) as { from: string; to: string }),
      [
        { from: 'draft', to: 'active' },
        { from: 'active', to: 'expired' },
        { from: 'expired', to: 'active' },
        { from: 'active', to: 'cancelled' },
      ],
    );
  });

  test('portal: a contact with contracts:view reads their company’s active and past contracts, never a draft', async () => {
    const active = (
      await owner.post('/api/v1/contracts', {
        ...base(),
        name: 'Portal active',
        status: 'active',
        scope: 'Servers and *laptops*',
        slaPolicyId: policyId,
        allSites: false,
        siteIds: [acmeSiteId],
        contactIds: [acmeContactId],
        renewalDate: '2026-12-01',
      })
    ).json() as ContractResponse;
    const draft = (
      await owner.post('/api/v1/contracts', { ...base(), name: 'Portal draft' })
    ).json() as ContractResponse;
    const past = (
      await owner.post('/api/v1/contracts', { ...base(), name: 'Portal past', status: 'active' })
    ).json() as ContractResponse;
    assert.equal((await owner.patch(`/api/v1/contracts/${past.id}`, { status: 'expired' })).statusCode, 200);
    const theirs = (
      await owner.post('/api/v1/contracts', {
        ...base(),
        clientId: birchwoodId,
        name: 'Birchwood only',
        status: 'active',
      })
    ).json() as ContractResponse;

    const primary = new Client(t.app);
    await primary.login('primary@acme.example');
    const current = (await primary.get('/api/v1/portal/contracts')).json() as PortalContractList;
    const names = current.items.map((i) => i.name);
    assert.ok(names.includes('Portal active'));
    assert.ok(!names.includes('Portal draft'), 'a draft is never shown');
    assert.ok(!names.includes('Portal past'), 'past contracts are under show=past');
    assert.ok(!names.includes('Birchwood only'), 'another client’s contract is never shown');
    const shown = current.items.find((i) => i.id === active.id)!;
    assert.match(shown.scopeHtml, /<em>laptops<\/em>/);
    assert.ok(shown.sla, 'the SLA commitments');
    assert.ok(shown.sla.targets.critical.responseMinutes > 0);
    assert.ok(shown.coverage, "the coverage hours (the policy's calendar)");
    assert.deepEqual(
      shown.sites.map((s) => s.id),
      [acmeSiteId],
    );
    assert.equal(shown.renewalDate, '2026-12-01');
    assert.equal(current.provider.name, 'Test IT');
    // Whitelisted fields only: staff's fields never reach a contact.
    for (const hidden of ['contacts', 'scope', 'clientId', 'createdAt', 'updatedAt']) {
      assert.ok(!(hidden in shown), `${hidden} is not sent to a contact`);
    }

    const pastList = (await primary.get('/api/v1/portal/contracts?show=past')).json() as PortalContractList;
    assert.ok(pastList.items.some((i) => i.id === past.id));
    assert.ok(!pastList.items.some((i) => i.id === draft.id || i.id === theirs.id));

    // Keyset pages: limit 1 walks every current contract once.
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/portal/contracts?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await primary.get(url)).json() as PortalContractList;
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      current.items.map((i) => i.id).sort((a, b) => a - b),
    );

    const birchwood = new Client(t.app);
    await birchwood.login('primary@birchwood.example');
    const b = (await birchwood.get('/api/v1/portal/contracts')).json() as PortalContractList;
    assert.ok(b.items.some((i) => i.id === theirs.id));
    assert.ok(!b.items.some((i) => i.id === active.id));
  });

  test('portal: a contact without contracts:view is refused (403), and the feature switched off hides it (404)', async () => {
    const standard = new Client(t.app);
    await standard.login('standard@acme.example');
    const refused = await standard.get('/api/v1/portal/contracts');
    assert.equal(refused.statusCode, 403);

    const billing = new Client(t.app);
    await billing.login('billing@acme.example');
    assert.equal((await billing.get('/api/v1/portal/contracts')).statusCode, 200);
    assert.equal((await owner.patch('/api/v1/settings', { features: { contracts: false } })).statusCode, 200);
    try {
      assert.equal((await billing.get('/api/v1/portal/contracts')).statusCode, 404);
    } finally {
      await owner.patch('/api/v1/settings', { features: { contracts: true } });
    }
  });
  test('a new ticket takes its SLA policy from the covering contract; a later change never rewrites closed tickets', async () => {
    const gold = await owner.post('/api/v1/sla-policies', {
      name: 'Gold (contract test)',
      calendarId,
      targets: {
        low: { responseMinutes: 120, resolutionMinutes: 960 },
        medium: { responseMinutes: 60, resolutionMinutes: 480 },
        high: { responseMinutes: 30, resolutionMinutes: 240 },
        critical: { responseMinutes: 15, resolutionMinutes: 120 },
      },
    });
    assert.equal(gold.statusCode, 201, gold.body);
    const goldId = (gold.json() as { id: number }).id;
    // A client of its own, so other tests' contracts for Acme do not compete.
    const client = await owner.post('/api/v1/clients', { name: 'Contract Policy Ltd' });
    const clientId = (client.json() as { id: number }).id;
    const contract = (
      await owner.post('/api/v1/contracts', {
        clientId,
        name: 'Gold support',
        type: 'managed-services',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        slaPolicyId: goldId,
        status: 'active',
      })
    ).json() as ContractResponse;
    // Not yet begun, and another client's: neither covers the ticket.
    await owner.post('/api/v1/contracts', {
      clientId,
      name: 'Future platinum',
      type: 'managed-services',
      startDate: '2027-01-01',
      slaPolicyId: policyId,
      status: 'active',
    });

    const raise = async (subject: string) => {
      const res = await owner.post('/api/v1/tickets', {
        clientId,
        subject,
        description: 'Printer on fire',
        priority: 'high',
      });
      assert.equal(res.statusCode, 201, res.body);
      const id = (res.json() as { id: number }).id;
      return t.db
        .selectFrom('tickets')
        .select(['id', 'sla_policy_id', 'contract_id', 'response_target_ms', 'resolution_target_ms'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    };
    const first = await raise('Under the gold contract');
    assert.equal(first.sla_policy_id, goldId, 'the contract’s policy');
    assert.equal(first.contract_id, contract.id, 'the ticket records its contract');
    assert.equal(Number(first.response_target_ms), 30 * 60_000, 'the contract policy’s target for high');
    const page = (await owner.get(`/api/v1/tickets/${first.id}`)).json() as {
      contract: { id: number; name: string } | null;
      sla: { policyName: string } | null;
    };
    assert.deepEqual(
      page.contract,
      { id: contract.id, name: 'Gold support' },
      'the ticket shows its contract',
    );
    assert.equal(page.sla?.policyName, 'Gold (contract test)');

    const closed = await owner.patch(`/api/v1/tickets/${first.id}`, { status: 'closed' });
    assert.equal(closed.statusCode, 200, closed.body);
    const changed = await owner.patch(`/api/v1/contracts/${contract.id}`, { slaPolicyId: policyId });
    assert.equal(changed.statusCode, 200);
    const after = await t.db
      .selectFrom('tickets')
      .select(['sla_policy_id', 'contract_id', 'response_target_ms', 'resolution_target_ms'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      after,
      {
        sla_policy_id: goldId,
        contract_id: contract.id,
        response_target_ms: first.response_target_ms,
        resolution_target_ms: first.resolution_target_ms,
      },
      'the closed ticket keeps the policy it ran under',
    );
    const second = await raise('After the change');
    assert.equal(second.sla_policy_id, policyId, 'a new ticket takes the contract’s new policy');

    // Cancelled: no contract covers the client's tickets any more, the default applies.
    await owner.patch(`/api/v1/contracts/${contract.id}`, { status: 'cancelled' });
    const third = await raise('No contract');
    assert.equal(third.contract_id, null);
    const defaultPolicy = (
      (await owner.get('/api/v1/sla-policies')).json() as { items: { id: number; isDefault: boolean }[] }
    ).items.find((p) => p.isDefault)?.id;
    assert.equal(third.sla_policy_id, defaultPolicy);
  });
  test('a contract written without billing terms (no currency) renders, its money in the client’s currency', async () => {
    // As an import, or the generator before it wrote one, leaves it: the row has no currency.
    const client = await t.db
      .selectFrom('clients')
      .select(['id', 'currency'])
      .where('id', '=', birchwoodId)
      .executeTakeFirstOrThrow();
    const at = '2026-01-05T09:00:00.000Z';
    const { id } = await t.db
      .insertInto('contracts')
      .values({
        client_id: client.id,
        name: 'Written without terms',
        type: 'managed-services',
        scope: '',
        sla_policy_id: null,
        sla_calendar_id: null,
        all_sites: 1,
        start_date: '2026-01-01',
        end_date: null,
        renewal_date: null,
        auto_renew: 0,
        notice_days: null,
        status: 'active',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stored = await t.db
      .selectFrom('contracts')
      .select('currency')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.currency, null);

    const read = await owner.get(`/api/v1/contracts/${id}`);
    assert.equal(read.statusCode, 200, read.body);
    const contract = read.json() as ContractResponse;
    assert.equal(contract.billing.currency, client.currency);

    // Its rates are then set in that currency (an empty one would refuse every rate).
    const edited = await owner.patch(`/api/v1/contracts/${id}`, {
      billing: { rateMinor: 9000, overageRateMinor: 12000 },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    const after = edited.json() as ContractResponse;
    assert.equal(after.billing.currency, client.currency);
    assert.equal(after.billing.rateMinor, 9000);
  });
});
