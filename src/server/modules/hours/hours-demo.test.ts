/**
 * The demo's hour banks (demo/demo-hours.ts) read back through the API: every state the issue asks for
 * is there (healthy, near the limit, in overage, rolled over; periodic and prepaid with blocks).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HoursPage } from '../../../shared/schemas/hours.ts';
import { Client, createTestApp, setUp, type TestApp } from '../../test/harness.ts';

describe('demo hour banks', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await setUp(t, { demo: true });
  });
  after(() => t.close());

  test('the demo shows banks in every state', async () => {
    const acme = new Client(t.app);
    await acme.login('technical@acme.example');
    const first = (await acme.get('/api/v1/portal/hours')).json() as HoursPage;
    assert.equal(first.contracts.length, 2, 'Acme chooses between two banks');
    const pages: HoursPage[] = [];
    for (const c of first.contracts) {
      pages.push((await acme.get(`/api/v1/portal/hours/${c.id}`)).json() as HoursPage);
    }
    const managed = pages.find((p) => p.contract?.bankKind === 'periodic')!;
    assert.ok(managed.balance);
    assert.ok(managed.balance.purchasedMinutes > 600, 'rolled-over hours in this period');
    assert.ok((managed.balance.remainingMinutes ?? 0) > 0);
    assert.ok(managed.balance.usedMinutes / managed.balance.purchasedMinutes >= 0.75, 'near the limit');
    assert.ok(managed.ledger.length > 0);
    assert.ok(managed.closedPeriods.some((p) => p.rolledOverOutMinutes > 0));
    const project = pages.find((p) => p.contract?.bankKind === 'prepaid')!;
    assert.equal(project.blocks.length, 2);
    assert.ok((project.balance?.remainingMinutes ?? 0) > 0, 'healthy');

    const birchwood = new Client(t.app);
    await birchwood.login('primary@birchwood.example');
    const over = (await birchwood.get('/api/v1/portal/hours')).json() as HoursPage;
    assert.ok((over.balance?.overMinutes ?? 0) > 0, 'in overage');
  });
});
