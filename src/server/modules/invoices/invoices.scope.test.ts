import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../../platform/db/db.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';

/**
 * The access layer's rule for invoices (issue 15): a contact reads only their own client's invoices, and
 * never a draft; an invoice's lines, their taxes and the time they bill follow their invoice.
 */
describe('invoices: fail-closed scope', () => {
  let t: TestDatabase;
  const at = '2026-03-02T09:00:00.000Z';
  const ids = { acme: 0, birch: 0, series: 0, acmeSent: 0, acmeDraft: 0, birchSent: 0 };

  async function invoice(clientId: number, status: string, sequence: number | null): Promise<number> {
    const row = await t.db
      .insertInto('invoices')
      .values({
        client_id: clientId,
        series_id: ids.series,
        sequence,
        number: sequence === null ? null : `T-${sequence}`,
        status,
        currency: 'EUR',
        rounding: 'document',
        issue_date: sequence === null ? null : '2026-03-02',
        due_date: sequence === null ? null : '2026-03-16',
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
    const line = await t.db
      .insertInto('invoice_lines')
      .values({
        invoice_id: row.id,
        sort: 0,
        description: `line of ${row.id}`,
        quantity: '1',
        unit_price_minor: 100,
        discount_percent: null,
        discount_minor: null,
        bank_period_id: null,
        net_minor: 100,
        tax_minor: 19,
        total_minor: 119,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('invoice_line_taxes')
      .values({
        invoice_id: row.id,
        line_id: line.id,
        tax_rate_id: null,
        name: 'VAT',
        rate: '19',
        sort: 0,
        amount_minor: 19,
      })
      .execute();
    return row.id;
  }

  before(async () => {
    t = await createTestDatabase();
    for (const name of ['acme', 'birch'] as const) {
      const row = await t.db
        .insertInto('clients')
        .values({ name, portal_enabled: 1, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[name] = row.id;
    }
    const series = await t.db
      .insertInto('invoice_series')
      .values({ name: 'Test', prefix: 'T-', created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.series = series.id;
    ids.acmeSent = await invoice(ids.acme, 'sent', 1);
    ids.acmeDraft = await invoice(ids.acme, 'draft', null);
    ids.birchSent = await invoice(ids.birch, 'sent', 2);
  });
  after(() => t.drop());

  function contactDb(clientId: number): Db {
    return t.database.scoped({
      kind: 'client',
      clientId,
      contactId: 1,
      permissions: new Set(['invoices:view']),
    }).db;
  }

  test("a contact reads their client's issued invoices, never a draft, never another client's", async () => {
    const db = contactDb(ids.acme);
    const seen = await db.selectFrom('invoices').select('id').orderBy('id').execute();
    assert.deepEqual(
      seen.map((r) => r.id),
      [ids.acmeSent],
    );
    const lines = await db.selectFrom('invoice_lines').select('invoice_id').execute();
    assert.deepEqual(
      lines.map((r) => r.invoice_id),
      [ids.acmeSent],
    );
    const taxes = await db.selectFrom('invoice_line_taxes').select('invoice_id').execute();
    assert.deepEqual(
      taxes.map((r) => r.invoice_id),
      [ids.acmeSent],
    );
    const birch = await contactDb(ids.birch).selectFrom('invoices').select('id').execute();
    assert.deepEqual(
      birch.map((r) => r.id),
      [ids.birchSent],
    );
  });

  test("a contact's update reaches neither a draft nor another client's invoice", async () => {
    const db = contactDb(ids.acme);
    const result = await db
      .updateTable('invoices')
      .set({ notes: 'changed' })
      .where('id', 'in', [ids.acmeDraft, ids.birchSent])
      .executeTakeFirst();
    assert.equal(Number(result.numUpdatedRows), 0);
  });

  test('an unscoped handle is refused, and number series and taxes are the provider’s', async () => {
    await assert.rejects(() => t.database.db.selectFrom('invoices').select('id').execute());
    const series = await contactDb(ids.acme).selectFrom('invoice_series').select('id').execute();
    assert.equal(series.length, 1);
  });

  test('a number is unique within its series', async () => {
    await assert.rejects(() => invoice(ids.birch, 'sent', 1));
  });
});
