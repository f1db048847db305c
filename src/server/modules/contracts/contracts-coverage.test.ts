/**
 * Contracts on tickets (issue 14, points 1 to 3): a ticket's site decides which contract covers it, the
 * contract's coverage hours drive its clocks, a finished ticket is never rewritten; the portal's ticket
 * page names the contract, the commitment and the SLA history; the portal home's metrics; contract
 * documents (upload checks, scoped and audited downloads); and the specific 403 for view-only staff.
 * Runs on SQLite, or PostgreSQL with TEST_DATABASE_URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ContractResponse, PortalContractList } from '../../../shared/schemas/contracts.ts';
import type { PortalHomeMetrics } from '../../../shared/schemas/portal-home.ts';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import {
  Client,
  clientIdByName,
  createTestApp,
  errorOf,
  OWNER,
  setUp,
  type TestApp,
} from '../../test/harness.ts';
import { multipart } from '../attachments/attachments.fixtures.ts';

const weekday = [{ start: '08:00', end: '18:00' }];
const officeHours = {
  timeZone: 'Europe/London',
  alwaysOpen: false,
  weekly: [[], weekday, weekday, weekday, weekday, weekday, []],
  holidays: [],
};
const targets = {
  low: { responseMinutes: 240, resolutionMinutes: 1440 },
  medium: { responseMinutes: 120, resolutionMinutes: 960 },
  high: { responseMinutes: 60, resolutionMinutes: 480 },
  critical: { responseMinutes: 30, resolutionMinutes: 240 },
};
const OWNER_EMAIL = OWNER.email;
const OWNER_PASSWORD = OWNER.password;
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function countRows(t: TestApp, table: 'tickets' | 'contract_files'): Promise<number> {
  const row = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('contracts on tickets', () => {
  let t: TestApp;
  let owner: Client;
  let contact: Client;
  let acmeId: number;
  let warehouseId: number;
  let birchwoodSiteId: number;
  let goldId: number;
  let coverageId: number;
  let siteContract: ContractResponse;
  let allSitesContractId: number;

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    contact = new Client(t.app);
    await contact.login('primary@acme.example');
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    const birchwoodId = await clientIdByName(owner, 'Birchwood Dental');
    const acme = (await owner.get(`/api/v1/clients/${acmeId}`)).json() as {
      sites: { id: number; label: string; address: string }[];
    };
    const withSite = await owner.patch(`/api/v1/clients/${acmeId}`, {
      sites: [...acme.sites, { label: 'Warehouse', address: '9 Dock Road, Salford M50 2AA' }],
    });
    assert.equal(withSite.statusCode, 200, withSite.body);
    warehouseId = (withSite.json() as { sites: { id: number; label: string }[] }).sites.find(
      (s) => s.label === 'Warehouse',
    )!.id;
    birchwoodSiteId = (
      (await owner.get(`/api/v1/clients/${birchwoodId}`)).json() as { sites: { id: number }[] }
    ).sites[0]!.id;
    const calendar = await owner.post('/api/v1/sla-calendars', {
      name: 'Warehouse shifts',
      calendar: officeHours,
    });
    assert.equal(calendar.statusCode, 201, calendar.body);
    coverageId = (calendar.json() as { id: number }).id;
    const always = await owner.post('/api/v1/sla-calendars', {
      name: 'Around the clock (test)',
      calendar: { timeZone: 'UTC', alwaysOpen: true },
    });
    const gold = await owner.post('/api/v1/sla-policies', {
      name: 'Warehouse gold',
      calendarId: (always.json() as { id: number }).id,
      targets,
    });
    assert.equal(gold.statusCode, 201, gold.body);
    goldId = (gold.json() as { id: number }).id;
    const created = await owner.post('/api/v1/contracts', {
      clientId: acmeId,
      name: 'Warehouse cover',
      type: 'maintenance',
      startDate: '2026-01-01',
      slaPolicyId: goldId,
      slaCalendarId: coverageId,
      allSites: false,
      siteIds: [warehouseId],
      status: 'active',
    });
    assert.equal(created.statusCode, 201, created.body);
    siteContract = created.json() as ContractResponse;
    const list = (await owner.get(`/api/v1/contracts?clientId=${acmeId}&status=active`)).json() as {
      items: { id: number; name: string }[];
    };
    allSitesContractId = list.items.find((c) => c.name === 'Managed IT support')!.id;
  });
  after(() => t.close());

  const signIn = async (email: string) => {
    const c = new Client(t.app);
    await c.login(email, email === OWNER_EMAIL ? OWNER_PASSWORD : undefined);
    return c;
  };
  const raise = async (who: Client, body: Record<string, unknown>) => {
    const res = await who.post('/api/v1/tickets', {
      subject: 'Scanner offline',
      description: 'The dock scanner does not connect.',
      priority: 'high',
      ...body,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as TicketDetail;
  };
  const row = (id: number) =>
    t.db
      .selectFrom('tickets')
      .select(['site_id', 'contract_id', 'sla_policy_id', 'sla_calendar_id', 'response_target_ms'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  test('the ticket form offers the client’s sites; a ticket at a site is covered by that site’s contract and counts on its coverage hours', async () => {
    const options = (await contact.get('/api/v1/ticket-options')).json() as { sites: { id: number }[] };
    assert.ok(
      options.sites.some((s) => s.id === warehouseId),
      'the contact chooses among their sites',
    );
    assert.ok(!options.sites.some((s) => s.id === birchwoodSiteId), 'never another client’s');

    const atSite = await raise(contact, { siteId: warehouseId });
    assert.deepEqual(atSite.site, { id: warehouseId, label: 'Warehouse' });
    assert.deepEqual(atSite.contract, { id: siteContract.id, name: 'Warehouse cover' });
    assert.equal(atSite.sla?.policyName, 'Warehouse gold');
    assert.equal(
      atSite.sla?.calendarName,
      'Warehouse shifts',
      'the contract’s coverage hours, not the policy’s',
    );
    assert.equal(atSite.sla?.calendar.alwaysOpen, false);
    assert.deepEqual(await row(atSite.id), {
      site_id: warehouseId,
      contract_id: siteContract.id,
      sla_policy_id: goldId,
      sla_calendar_id: coverageId,
      response_target_ms: 60 * 60_000,
    });
    // Monday 09:00 UTC = 09:00 in London (GMT): due an hour later, in business hours.
    assert.equal(atSite.sla?.response.dueAt, '2026-03-02T10:00:00.000Z');

    const noSite = await raise(contact, {});
    assert.equal(noSite.site, null);
    assert.equal(noSite.contract?.id, allSitesContractId, 'no site: only an all-sites contract covers it');
    assert.equal((await row(noSite.id)).sla_calendar_id, null, 'the policy’s own calendar');
  });

  test('another client’s site is refused (4xx) and nothing is written; contacts cannot move a ticket’s site', async () => {
    const before = await countRows(t, 'tickets');
    const foreign = await contact.post('/api/v1/tickets', {
      subject: 'Elsewhere',
      description: 'x',
      siteId: birchwoodSiteId,
    });
    assert.equal(foreign.statusCode, 400, foreign.body);
    assert.equal(errorOf(foreign).fields?.siteId, 'Choose one of this client’s sites.');
    const staffForeign = await owner.post('/api/v1/tickets', {
      clientId: acmeId,
      subject: 'Elsewhere',
      description: 'x',
      siteId: birchwoodSiteId,
    });
    assert.equal(staffForeign.statusCode, 400);
    assert.equal(await countRows(t, 'tickets'), before);

    const mine = await raise(contact, {});
    const moved = await contact.patch(`/api/v1/tickets/${mine.id}`, { siteId: warehouseId });
    assert.equal(moved.statusCode, 403);
  });

  test('staff set a site: an open ticket takes the covering contract anew; a finished one keeps its own', async () => {
    const open = await raise(owner, { clientId: acmeId });
    assert.equal(open.contract?.id, allSitesContractId);
    const moved = await owner.patch(`/api/v1/tickets/${open.id}`, { siteId: warehouseId });
    assert.equal(moved.statusCode, 200, moved.body);
    const page = moved.json() as TicketDetail;
    assert.equal(page.contract?.id, siteContract.id);
    assert.equal(page.sla?.calendarName, 'Warehouse shifts');
    const refused = await owner.patch(`/api/v1/tickets/${open.id}`, { siteId: birchwoodSiteId });
    assert.equal(refused.statusCode, 400);
    assert.equal((await row(open.id)).site_id, warehouseId, 'nothing changed');

    const done = await raise(owner, { clientId: acmeId });
    await owner.patch(`/api/v1/tickets/${done.id}`, { status: 'resolved' });
    await owner.patch(`/api/v1/tickets/${done.id}`, { siteId: warehouseId });
    const kept = await row(done.id);
    assert.equal(kept.site_id, warehouseId);
    assert.equal(kept.contract_id, allSitesContractId, 'a resolved ticket keeps what it ran under');

    // A closed one too, row and page alike; and naming no site on an open ticket goes back to the
    // all-sites contract.
    const closed = await raise(owner, { clientId: acmeId });
    await owner.patch(`/api/v1/tickets/${closed.id}`, { status: 'closed' });
    const closedBefore = await row(closed.id);
    const closedMoved = await owner.patch(`/api/v1/tickets/${closed.id}`, { siteId: warehouseId });
    assert.equal(closedMoved.statusCode, 200, closedMoved.body);
    assert.deepEqual(await row(closed.id), { ...closedBefore, site_id: warehouseId });
    const closedPage = closedMoved.json() as TicketDetail;
    assert.deepEqual(closedPage.site, { id: warehouseId, label: 'Warehouse' });
    assert.equal(closedPage.contract?.id, allSitesContractId);
    const cleared = await owner.patch(`/api/v1/tickets/${open.id}`, { siteId: null });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal((cleared.json() as TicketDetail).contract?.id, allSitesContractId);
    assert.deepEqual(await row(open.id), {
      site_id: null,
      contract_id: allSitesContractId,
      sla_policy_id: closedBefore.sla_policy_id,
      sla_calendar_id: null,
      response_target_ms: closedBefore.response_target_ms,
    });
  });

  test('changing a contract’s coverage hours or policy never rewrites a closed ticket', async () => {
    const ticket = await raise(contact, { siteId: warehouseId });
    await owner.patch(`/api/v1/tickets/${ticket.id}`, { status: 'closed' });
    const before = await t.db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    const pageBefore = (await contact.get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
    const changed = await owner.patch(`/api/v1/contracts/${siteContract.id}`, {
      slaCalendarId: null,
      slaPolicyId: null,
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const after = await t.db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(after, before, 'the closed ticket’s row is untouched');
    const pageAfter = (await contact.get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
    assert.equal(pageAfter.sla?.calendarName, pageBefore.sla?.calendarName);
    assert.equal(pageAfter.sla?.resolution.dueAt, pageBefore.sla?.resolution.dueAt);
    // Put the contract back for the tests after.
    await owner.patch(`/api/v1/contracts/${siteContract.id}`, {
      slaCalendarId: coverageId,
      slaPolicyId: goldId,
    });
  });

  test('the portal ticket page: why the clock is paused, and the SLA history with who and when', async () => {
    const ticket = await raise(contact, { siteId: warehouseId });
    t.clock.advance(10 * 60_000);
    await owner.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Internal: check the switch',
      internal: true,
    });
    t.clock.advance(5 * 60_000);
    const reply = await owner.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Could you power-cycle the scanner?',
      status: 'waiting-on-client',
    });
    assert.equal(reply.statusCode, 201, reply.body);
    const pausedAt = t.clock().toISOString();
    t.clock.advance(5 * 60_000);
    const page = (await contact.get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
    assert.equal(page.status, 'waiting-on-client');
    assert.equal(page.sla?.resolution.state, 'paused');
    assert.equal(page.sla?.resolution.pausedSince, pausedAt, 'waiting on you since then');
    const ownerName = (
      await t.db.selectFrom('accounts').select('name').where('email', '=', OWNER_EMAIL).executeTakeFirst()
    )?.name;
    assert.deepEqual(
      page.slaHistory.map((e) => [e.kind, e.at, e.status, e.by]),
      [
        ['paused', pausedAt, 'waiting-on-client', ownerName],
        ['response-met', pausedAt, null, ownerName],
      ],
      'the pause first, then the clock it stopped; the internal note before it is not the first response',
    );
    // Staff read the same history, contract and pause from the same response, with the policy's name.
    const staffPage = (await owner.get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
    assert.deepEqual(staffPage.slaHistory, page.slaHistory);
    assert.deepEqual(staffPage.contract, { id: siteContract.id, name: 'Warehouse cover' });
    assert.equal(staffPage.sla?.policyName, 'Warehouse gold');
    assert.equal(staffPage.sla?.resolution.pausedSince, pausedAt);
    // The contact answers: the clock runs again, by their hand.
    await contact.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Done, still offline.' });
    const again = (await contact.get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
    const resumed = again.slaHistory.find((e) => e.kind === 'resumed');
    assert.equal(resumed?.status, 'open');
    assert.equal(resumed?.by, 'Alice Moreau', 'the contact who answered');
    // Past the resolution target (8 business hours) the breach is in the history.
    t.clock.advance(3 * 86_400_000);
    const late = (
      await signIn('primary@acme.example').then((c) => c.get(`/api/v1/tickets/${ticket.id}`))
    ).json() as TicketDetail;
    assert.ok(late.slaHistory.some((e) => e.kind === 'resolution-breached' && e.by === null));
    t.clock.set(new Date('2026-03-02T09:00:00.000Z'));
    owner = await signIn(OWNER_EMAIL);
    contact = await signIn('primary@acme.example');
  });

  test('portal home metrics: open, closed in 30 days and SLA compliance, for contacts who see company tickets only', async () => {
    const res = await contact.get('/api/v1/portal/home/metrics');
    assert.equal(res.statusCode, 200, res.body);
    const m = res.json() as PortalHomeMetrics;
    const rows = await t.db
      .selectFrom('tickets')
      .select(['status', 'resolved_at', 'closed_at', 'response_sla', 'resolution_sla'])
      .where('client_id', '=', acmeId)
      .where('merged_into_id', 'is', null)
      .execute();
    const since = m.since;
    const finished = rows.filter(
      (r) => ['resolved', 'closed'].includes(r.status) && String(r.resolved_at ?? r.closed_at) >= since,
    );
    const withSla = finished.filter((r) => r.resolution_sla !== 'none');
    const met = withSla.filter((r) => r.resolution_sla !== 'breached' && r.response_sla !== 'breached');
    assert.equal(m.open, rows.filter((r) => !['resolved', 'closed'].includes(r.status)).length);
    assert.equal(m.closed, finished.length);
    assert.ok(m.closed > 0, 'the tests closed some');
    assert.deepEqual(m.sla, {
      met: met.length,
      total: withSla.length,
      rate: withSla.length ? met.length / withSla.length : null,
    });

    const standard = new Client(t.app);
    await standard.login('standard@acme.example');
    const refused = await standard.get('/api/v1/portal/home/metrics');
    assert.equal(refused.statusCode, 403);
    assert.equal(errorOf(refused).message, 'Your portal access does not include your company’s tickets.');
    assert.equal((await owner.get('/api/v1/portal/home/metrics')).statusCode, 403);
  });

  test('view-only staff are told specifically that they cannot change contracts', async () => {
    const readOnly = new Client(t.app);
    await readOnly.login('readonly@portico.example');
    for (const res of [
      await readOnly.patch(`/api/v1/contracts/${siteContract.id}`, { name: 'Mine' }),
      await readOnly.post('/api/v1/contracts', {
        clientId: acmeId,
        name: 'X',
        type: 'project',
        startDate: '2026-01-01',
      }),
      await readOnly.request('POST', `/api/v1/contracts/${siteContract.id}/files`, multipart('a.pdf', PDF)),
    ]) {
      assert.equal(res.statusCode, 403);
      assert.equal(errorOf(res).message, 'Your role can look at contracts but not change them.');
    }
  });

  test('contract documents: checked on upload, listed, downloaded by the right contacts only, every download audited', async () => {
    const before = await countRows(t, 'contract_files');
    const html = await owner.request(
      'POST',
      `/api/v1/contracts/${siteContract.id}/files`,
      multipart('terms.pdf', Buffer.from('<html><script>alert(1)</script></html>')),
    );
    assert.equal(html.statusCode, 415, html.body);
    assert.equal(await countRows(t, 'contract_files'), before, 'nothing kept');
    const missing = await owner.request('POST', '/api/v1/contracts/999999/files', multipart('a.pdf', PDF));
    assert.equal(missing.statusCode, 404);

    const added = await owner.request(
      'POST',
      `/api/v1/contracts/${siteContract.id}/files`,
      multipart('Signed contract.pdf', PDF),
    );
    assert.equal(added.statusCode, 201, added.body);
    const file = added.json() as { id: number; contentType: string; url: string };
    assert.equal(file.contentType, 'application/pdf');
    const staffView = (await owner.get(`/api/v1/contracts/${siteContract.id}`)).json() as ContractResponse;
    assert.deepEqual(
      staffView.files.map((f) => f.filename),
      ['Signed contract.pdf'],
    );

    const portal = (await contact.get('/api/v1/portal/contracts')).json() as PortalContractList;
    const listed = portal.items.find((c) => c.id === siteContract.id)?.files[0];
    assert.equal(listed?.url, `/api/v1/portal/contracts/${siteContract.id}/files/${file.id}`);
    const download = await contact.get(listed!.url);
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.rawPayload.equals(PDF), true);
    const audited = await t.db
      .selectFrom('audit_events')
      .select(['actor_kind', 'client_id'])
      .where('action', '=', 'contract.file_downloaded')
      .execute();
    assert.deepEqual(audited, [{ actor_kind: 'contact', client_id: acmeId }]);
    assert.equal((await owner.get(file.url)).statusCode, 200, 'staff download too');
    assert.equal(
      Number(
        (
          await t.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'contract.file_downloaded')
            .executeTakeFirstOrThrow()
        ).n,
      ),
      2,
      'every download audited',
    );

    // Another client's contact, a contact without contracts:view, and a draft's document: not theirs.
    const birchwood = new Client(t.app);
    await birchwood.login('primary@birchwood.example');
    assert.equal((await birchwood.get(listed!.url)).statusCode, 404);
    const standard = new Client(t.app);
    await standard.login('standard@acme.example');
    assert.equal((await standard.get(listed!.url)).statusCode, 403);
    const draft = (
      await owner.post('/api/v1/contracts', {
        clientId: acmeId,
        name: 'Draft with a document',
        type: 'project',
        startDate: '2026-06-01',
      })
    ).json() as ContractResponse;
    const draftFile = (
      await owner.request('POST', `/api/v1/contracts/${draft.id}/files`, multipart('draft.pdf', PDF))
    ).json() as { id: number };
    assert.equal(
      (await contact.get(`/api/v1/portal/contracts/${draft.id}/files/${draftFile.id}`)).statusCode,
      404,
    );

    const removed = await owner.request('DELETE', `/api/v1/contracts/${siteContract.id}/files/${file.id}`);
    assert.equal(removed.statusCode, 204);
    assert.equal((await contact.get(listed!.url)).statusCode, 404);
  });
});
