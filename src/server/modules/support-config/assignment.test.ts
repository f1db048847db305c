import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { expectationWords, targetWords } from '../../../shared/format/sla-words.ts';
import { type Message, type MessageParams, translate } from '../../../shared/i18n/i18n.ts';
import type { Client } from '../../test/harness.ts';
import { clientIdByName, createTestApp, OWNER, setUp, type TestApp } from '../../test/harness.ts';
import { nextInRotation, supportConfigDirectory } from './support-config.directory.ts';

async function accountId(t: TestApp, email: string): Promise<number> {
  const row = await t.db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('auto-assignment (supportConfigDirectory.pickAssignee)', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  let birchId: number;
  let hardwareId: number;
  let softwareId: number;
  let ownerId: number;
  let adminId: number;
  let techId: number;
  const pick = (clientId: number, categoryId: number | null) =>
    supportConfigDirectory.pickAssignee(t.db, { clientId, categoryId });

  async function team(name: string, members: number[]): Promise<number> {
    const res = await owner.post('/api/v1/teams', { name, memberAccountIds: members });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id;
  }
  async function rule(body: Record<string, unknown>): Promise<number> {
    const res = await owner.post('/api/v1/assignment-rules', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id;
  }

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    birchId = await clientIdByName(owner, 'Birchwood Dental');
    const categories = (await owner.get('/api/v1/ticket-categories')).json().items as {
      id: number;
      name: string;
    }[];
    hardwareId = categories.find((c) => c.name === 'Hardware')?.id ?? 0;
    softwareId = categories.find((c) => c.name === 'Software')?.id ?? 0;
    ownerId = await accountId(t, OWNER.email);
    adminId = await accountId(t, 'admin@portico.example');
    techId = await accountId(t, 'tech@portico.example');
  });
  beforeEach(async () => {
    await t.db.deleteFrom('assignment_rules').execute();
    await t.db.deleteFrom('team_members').execute();
    await t.db.deleteFrom('teams').execute();
    await t.db.updateTable('accounts').set({ status: 'active' }).where('kind', '=', 'staff').execute();
  });
  after(() => t.close());

  test('no rule: nobody', async () => {
    assert.equal(await pick(acmeId, null), null);
    assert.equal(await pick(acmeId, hardwareId), null);
  });

  test('round-robin within a team across several tickets, wrapping round', async () => {
    const desk = await team('Desk', [techId, adminId, ownerId]);
    await rule({ teamId: desk });
    const members = [techId, adminId, ownerId].sort((a, b) => a - b);
    const got: (number | null)[] = [];
    for (let i = 0; i < 7; i++) got.push(await pick(acmeId, null));
    assert.deepEqual(got, [...members, ...members, members[0]]);
  });

  test('inactive members are skipped, and a member who is no longer active loses their turns', async () => {
    const desk = await team('Desk', [techId, adminId, ownerId]);
    await rule({ teamId: desk });
    const members = [techId, adminId, ownerId].sort((a, b) => a - b);
    const [first, second, third] = members as [number, number, number];
    assert.equal(await pick(acmeId, null), first);
    await t.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', second).execute();
    assert.equal(await pick(acmeId, null), third);
    assert.equal(await pick(acmeId, null), first);
    assert.equal(await pick(acmeId, null), third);
    // A member whose role no longer works on tickets is skipped too.
    await t.db.updateTable('accounts').set({ staff_role: 'billing' }).where('id', '=', third).execute();
    try {
      assert.equal(await pick(acmeId, null), first);
      assert.equal(await pick(acmeId, null), first);
    } finally {
      await t.db.updateTable('accounts').set({ staff_role: 'owner' }).where('id', '=', third).execute();
    }
  });

  test('a team with nobody active falls through to the next rule; a disabled person is skipped the same way', async () => {
    const empty = await team('Empty', [adminId]);
    await rule({ teamId: empty });
    await rule({ assigneeAccountId: adminId });
    await rule({ assigneeAccountId: techId });
    assert.equal(await pick(acmeId, null), adminId);
    await t.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', adminId).execute();
    assert.equal(await pick(acmeId, null), techId);
  });

  test('rules are tried in order; client and category must match when set; disabled rules are ignored', async () => {
    const acmeHardware = await rule({ clientId: acmeId, categoryId: hardwareId, assigneeAccountId: techId });
    const acmeAny = await rule({ clientId: acmeId, assigneeAccountId: adminId });
    const anyHardware = await rule({ categoryId: hardwareId, assigneeAccountId: ownerId });
    assert.equal(await pick(acmeId, hardwareId), techId, 'the first match wins');
    assert.equal(await pick(acmeId, softwareId), adminId, 'the category must match');
    assert.equal(await pick(acmeId, null), adminId, 'a rule for any category also takes tickets with none');
    assert.equal(await pick(birchId, hardwareId), ownerId, 'the client must match');
    assert.equal(await pick(birchId, softwareId), null);
    assert.equal(await pick(birchId, null), null, 'a category rule never takes a ticket without a category');

    const reorder = await owner.post('/api/v1/assignment-rules/order', {
      ids: [anyHardware, acmeAny, acmeHardware],
    });
    assert.equal(reorder.statusCode, 200, reorder.body);
    assert.equal(await pick(acmeId, hardwareId), ownerId, 'the new order applies');

    await owner.patch(`/api/v1/assignment-rules/${anyHardware}`, { enabled: false });
    assert.equal(await pick(acmeId, hardwareId), adminId);
    assert.equal(await pick(birchId, hardwareId), null);
  });

  test('two team rules keep separate rotations; switching a rule to another team restarts its rotation', async () => {
    const a = await team('A', [techId, adminId]);
    const b = await team('B', [techId, adminId]);
    const ruleA = await rule({ clientId: acmeId, teamId: a });
    await rule({ clientId: birchId, teamId: b });
    const [low, high] = [techId, adminId].sort((x, y) => x - y) as [number, number];
    assert.equal(await pick(acmeId, null), low);
    assert.equal(await pick(birchId, null), low);
    assert.equal(await pick(acmeId, null), high);
    const c = await team('C', [ownerId, techId]);
    await owner.patch(`/api/v1/assignment-rules/${ruleA}`, { teamId: c });
    assert.equal(await pick(acmeId, null), Math.min(ownerId, techId));
  });

  test('concurrent picks inside transactions give different members (compare-and-set on the cursor)', async () => {
    const desk = await team('Desk', [techId, adminId, ownerId]);
    await rule({ teamId: desk });
    const picks = await Promise.all(
      [1, 2, 3].map(() =>
        t.db
          .transaction()
          .execute((trx) => supportConfigDirectory.pickAssignee(trx, { clientId: acmeId, categoryId: null })),
      ),
    );
    assert.deepEqual(
      [...picks].sort((x, y) => (x ?? 0) - (y ?? 0)),
      [techId, adminId, ownerId].sort((x, y) => x - y),
    );
  });

  test('pickAssignee costs a fixed number of queries whatever the number of rules', async () => {
    const desk = await team('Desk', [techId, adminId]);
    for (let i = 0; i < 3; i++) await rule({ categoryId: softwareId, assigneeAccountId: ownerId });
    const measure = async () => {
      let n = 0;
      t.database.onQuery = () => {
        n++;
      };
      try {
        await pick(acmeId, hardwareId);
      } finally {
        t.database.onQuery = undefined;
      }
      return n;
    };
    await rule({ teamId: desk });
    const few = await measure();
    for (let i = 0; i < 10; i++) await rule({ clientId: birchId, teamId: desk });
    await owner.post('/api/v1/assignment-rules/order', {
      ids: (await owner.get('/api/v1/assignment-rules'))
        .json()
        .items.map((r: { id: number }) => r.id)
        .reverse(),
    });
    const many = await measure();
    assert.equal(few, 3);
    assert.equal(many, few);
  });
});

describe('round-robin and wording helpers', () => {
  test('nextInRotation', () => {
    assert.equal(nextInRotation([], null), null);
    assert.equal(nextInRotation([3, 5, 9], null), 3);
    assert.equal(nextInRotation([3, 5, 9], 3), 5);
    assert.equal(nextInRotation([3, 5, 9], 9), 3);
    assert.equal(nextInRotation([3, 5, 9], 4), 5, 'a former member: the next one after them');
    assert.equal(nextInRotation([3, 5, 9], 10), 3);
  });

  test('durations in words, in the reader’s language', () => {
    const t =
      (language: string) =>
      (key: string, params?: Record<string, unknown>): string =>
        translate(language, key as Message['key'], params as MessageParams);
    const durationWords = (minutes: number, alwaysOpen: boolean) => targetWords(minutes, alwaysOpen, t('en'));
    assert.equal(durationWords(60, false), '1 business hour');
    assert.equal(durationWords(240, false), '4 business hours');
    assert.equal(durationWords(90, false), '1 h 30 min of business time');
    assert.equal(durationWords(1, false), '1 business minute');
    assert.equal(durationWords(45, false), '45 business minutes');
    assert.equal(durationWords(1440, false), '24 business hours', 'no business days');
    assert.equal(durationWords(60, true), '1 hour');
    assert.equal(durationWords(90, true), '1 h 30 min');
    assert.equal(durationWords(1440, true), '1 day');
    assert.equal(durationWords(2880, true), '2 days');
    assert.equal(durationWords(1500, true), '25 hours');
    assert.equal(
      expectationWords(240, 1440, false, t('en')),
      'First response within 4 business hours, resolution within 24 business hours',
    );
    assert.notEqual(targetWords(240, false, t('de')), '4 business hours');
    assert.match(targetWords(240, false, t('de')), /^4 /);
    assert.match(targetWords(300, false, t('pl')), /^5 /);
  });
});
