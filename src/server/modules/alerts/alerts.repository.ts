import type { DbOrTrx } from '../../platform/db/db.ts';

/** A person an alert is for, with what their email and notice need. */
export interface RecipientRow {
  /** The login that gets the notice; null: a contact without a login (email only). */
  account_id: number | null;
  email: string | null;
  name: string;
  client_id: number | null;
  language: string | null;
  time_zone: string | null;
  date_format: string | null;
  client_language: string | null;
  client_time_zone: string | null;
  /** Clients choose no date format of their own: always null, kept for one shape. */
  client_date_format: null;
}

export interface EndingContractRow {
  id: number;
  client_id: number;
  name: string;
  end_date: string;
}

export const alertsRepository = Object.freeze({
  /**
   * Records that an alert fired: the unique key (kind, subject, threshold, period) lets one insert
   * through, whatever races it. Returns the new row's id, or null when it had already fired.
   */
  async insertDelivery(
    db: DbOrTrx,
    row: {
      kind: string;
      subject_id: number;
      threshold: number;
      period_key: string;
      client_id: number | null;
      created_at: string;
    },
  ): Promise<number | null> {
    const inserted = await db
      .insertInto('alert_deliveries')
      .values(row)
      .onConflict((oc) => oc.columns(['kind', 'subject_id', 'threshold', 'period_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id ?? null;
  },

  /** The alerts of these kinds already fired (or recorded) for a subject in one period. */
  firedIn(
    db: DbOrTrx,
    kinds: readonly string[],
    subjectId: number,
    periodKey: string,
  ): Promise<{ kind: string; threshold: number }[]> {
    return db
      .selectFrom('alert_deliveries')
      .select(['kind', 'threshold'])
      .where('kind', 'in', [...kinds])
      .where('subject_id', '=', subjectId)
      .where('period_key', '=', periodKey)
      .execute();
  },

  /** Active contracts of active clients whose end date is from `from` to `to` (inclusive). */
  endingBetween(db: DbOrTrx, from: string, to: string): Promise<EndingContractRow[]> {
    return db
      .selectFrom('contracts')
      .innerJoin('clients', 'clients.id', 'contracts.client_id')
      .select(['contracts.id', 'contracts.client_id', 'contracts.name', 'contracts.end_date'])
      .where('contracts.status', '=', 'active')
      .where('contracts.end_date', '>=', from)
      .where('contracts.end_date', '<=', to)
      .where('clients.archived_at', 'is', null)
      .orderBy('contracts.end_date')
      .orderBy('contracts.id')
      .execute() as Promise<EndingContractRow[]>;
  },

  contract(db: DbOrTrx, id: number): Promise<EndingContractRow | undefined> {
    return db
      .selectFrom('contracts')
      .select(['id', 'client_id', 'name', 'end_date'])
      .where('id', '=', id)
      .executeTakeFirst() as Promise<EndingContractRow | undefined>;
  },

  /** A contract's contacts to notify that are active, with their login when it may sign in. */
  contractContacts(db: DbOrTrx, contractId: number): Promise<RecipientRow[]> {
    return db
      .selectFrom('contract_contacts')
      .innerJoin('contacts', 'contacts.id', 'contract_contacts.contact_id')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .leftJoin('accounts', (join) =>
        join
          .onRef('accounts.contact_id', '=', 'contacts.id')
          .on('accounts.kind', '=', 'contact')
          .on('accounts.status', '=', 'active'),
      )
      .select([
        'accounts.id as account_id',
        'contacts.email',
        'contacts.name',
        'contacts.client_id',
        'contacts.language',
        'contacts.time_zone',
        'contacts.date_format',
        'clients.language as client_language',
        'clients.time_zone as client_time_zone',
      ])
      .where('contract_contacts.contract_id', '=', contractId)
      .where('contacts.status', '=', 'active')
      .where('clients.archived_at', 'is', null)
      .orderBy('contacts.id')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, client_date_format: null })));
  },

  /** The chosen staff members that are active. */
  staff(db: DbOrTrx, accountIds: readonly number[]): Promise<RecipientRow[]> {
    if (!accountIds.length) return Promise.resolve([]);
    return db
      .selectFrom('accounts')
      .select(['id as account_id', 'email', 'name', 'language', 'time_zone', 'date_format'])
      .where('kind', '=', 'staff')
      .where('status', '=', 'active')
      .where('id', 'in', [...accountIds])
      .orderBy('id')
      .execute()
      .then((rows) =>
        rows.map((r) => ({
          ...r,
          client_id: null,
          client_language: null,
          client_time_zone: null,
          client_date_format: null,
        })),
      );
  },
});
