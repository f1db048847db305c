import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import { invoicesRepository } from './invoices.repository.ts';

/**
 * Invoice numbers (issue 15, point 1): never reused, no gaps within a series, safe under concurrent
 * issue, on SQLite and PostgreSQL alike.
 */
describe('invoice numbers', () => {
  let t: TestDatabase;
  const at = '2026-03-02T09:00:00.000Z';
  let clientId = 0;

  async function series(prefix: string): Promise<number> {
    const row = await t.db
      .insertInto('invoice_series')
      .values({ name: prefix, prefix, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function draft(seriesId: number): Promise<number> {
    const row = await t.db
      .insertInto('invoices')
      .values({
        client_id: clientId,
        series_id: seriesId,
        sequence: null,
        number: null,
        status: 'draft',
        currency: 'EUR',
        rounding: 'document',
        issue_date: null,
        due_date: null,
        created_by_account_id: null,
        issued_by_account_id: null,
        issued_at: null,
        viewed_at: null,
        voided_at: null,
        void_reason: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** One issue in its own transaction, rolled back when the invoice could not be numbered. */
  function issue(seriesId: number, id: number) {
    return t.database.system('test: issue an invoice').transaction(async (trx) => {
      const issued = await invoicesRepository.issueNumber(
        trx,
        { id, seriesId },
        { issueDate: '2026-03-02', dueDate: '2026-03-16', rounding: 'document', accountId: null, at },
      );
      if (!issued) throw new Error('not a draft');
      return issued;
    });
  }

  async function nextNumber(seriesId: number): Promise<number> {
    const row = await t.db
      .selectFrom('invoice_series')
      .select('next_number')
      .where('id', '=', seriesId)
      .executeTakeFirstOrThrow();
    return row.next_number;
  }

  before(async () => {
    t = await createTestDatabase();
    const row = await t.db
      .insertInto('clients')
      .values({ name: 'Acme', portal_enabled: 1, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    clientId = row.id;
  });
  after(() => t.drop());

  test('twenty concurrent issues take twenty distinct, consecutive numbers', async () => {
    const s = await series('INV-');
    const drafts = await Promise.all(Array.from({ length: 20 }, () => draft(s)));
    const issued = await Promise.all(drafts.map((id) => issue(s, id)));
    assert.deepEqual(
      issued.map((i) => i.sequence).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.equal(new Set(issued.map((i) => i.number)).size, 20);
    assert.ok(issued.some((i) => i.number === 'INV-0001') && issued.some((i) => i.number === 'INV-0020'));
    assert.equal(await nextNumber(s), 21);
    const stored = await t.db
      .selectFrom('invoices')
      .select(['id', 'sequence', 'status'])
      .where('series_id', '=', s)
      .execute();
    assert.ok(stored.every((r) => r.status === 'sent'));
  });

  test('one draft issued five times at once is numbered once, and the series does not skip', async () => {
    const s = await series('DUP-');
    const id = await draft(s);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => issue(s, id)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal(await nextNumber(s), 2);
    const next = await issue(s, await draft(s));
    assert.equal(next.number, 'DUP-0002');
  });

  test('an issue that fails after taking its number gives the number back', async () => {
    const s = await series('RB-');
    const id = await draft(s);
    await assert.rejects(
      t.database.system('test: a failing issue').transaction(async (trx) => {
        await invoicesRepository.issueNumber(
          trx,
          { id, seriesId: s },
          { issueDate: '2026-03-02', dueDate: '2026-03-16', rounding: 'line', accountId: null, at },
        );
        throw new Error('the e-mail outbox insert failed');
      }),
      /outbox insert failed/,
    );
    assert.equal(await nextNumber(s), 1);
    assert.equal((await issue(s, id)).number, 'RB-0001');
  });

  test('series are independent', async () => {
    const a = await series('A-');
    const b = await series('B-');
    assert.equal((await issue(a, await draft(a))).number, 'A-0001');
    assert.equal((await issue(b, await draft(b))).number, 'B-0001');
    assert.equal((await issue(a, await draft(a))).number, 'A-0002');
  });
});
