import type { DbOrTrx } from '../../platform/db/db.ts';
import type { Cursor } from '../../platform/pagination.ts';
import type { BillingValues } from './contracts.billing.ts';

export interface ContractValues {
  name: string;
  type: string;
  scope: string;
  sla_policy_id: number | null;
  sla_calendar_id: number | null;
  all_sites: number;
  start_date: string;
  end_date: string | null;
  renewal_date: string | null;
  auto_renew: number;
  notice_days: number | null;
  status: string;
}

/** A contract row with its billing terms (migration 0017). */
export type ContractBillingRow = BillingValues & { currency: string | null };

/** A contract with the names staff see beside it. */
export interface ContractRow extends ContractValues, ContractBillingRow {
  id: number;
  client_id: number;
  client_name: string;
  policy_name: string | null;
  calendar_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContractListRow {
  id: number;
  client_id: number;
  client_name: string;
  name: string;
  type: string;
  status: string;
  policy_name: string | null;
  start_date: string;
  end_date: string | null;
  renewal_date: string | null;
}

/** A contract as a contact reads it, with its policy's targets and the calendars that give its hours. */
export interface PortalContractRow {
  id: number;
  name: string;
  type: string;
  scope: string;
  status: string;
  all_sites: number;
  start_date: string;
  end_date: string | null;
  renewal_date: string | null;
  auto_renew: number;
  notice_days: number | null;
  policy_name: string | null;
  policy_targets: string | null;
  calendar_name: string | null;
  calendar_definition: string | null;
  policy_calendar_name: string | null;
  policy_calendar_definition: string | null;
}

export interface ContractListFilter {
  clientId?: number | undefined;
  statuses?: readonly string[] | undefined;
  cursor: Cursor | null;
  limit: number;
}

/**
 * The contracts of one page of a list (staff's and the portal's): the filter, the keyset cursor on
 * (start_date, id) and the order, newest start first, one row more than the page to tell if another follows.
 * The caller adds its joins and columns.
 */
function contractsPage(db: DbOrTrx, f: ContractListFilter) {
  let query = db.selectFrom('contracts');
  if (f.clientId !== undefined) query = query.where('contracts.client_id', '=', f.clientId);
  if (f.statuses) query = query.where('contracts.status', 'in', [...f.statuses]);
  const cursor = f.cursor;
  if (cursor) {
    const k = String(cursor.k ?? '');
    query = query.where((eb) =>
      eb.or([
        eb('contracts.start_date', '<', k),
        eb.and([eb('contracts.start_date', '=', k), eb('contracts.id', '<', cursor.id)]),
      ]),
    );
  }
  return query
    .orderBy('contracts.start_date', 'desc')
    .orderBy('contracts.id', 'desc')
    .limit(f.limit + 1);
}

/** Contracts, the sites they cover and the contacts they notify. All of the module's SQL. */
export const contractsRepository = Object.freeze({
  async insert(
    db: DbOrTrx,
    row: ContractValues & Partial<BillingValues> & { client_id: number; currency: string; at: string },
  ): Promise<number> {
    const { at, ...values } = row;
    const inserted = await db
      .insertInto('contracts')
      .values({ ...values, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  async update(
    db: DbOrTrx,
    contractId: number,
    values: Partial<ContractValues & BillingValues>,
    at: string,
  ): Promise<void> {
    await db
      .updateTable('contracts')
      .set({ ...values, updated_at: at })
      .where('id', '=', contractId)
      .execute();
  },

  /**
   * A contract with its names. Its currency is the client's when the row has none (a contract written
   * without billing terms, by an import or the generator before they existed): its money is in it.
   */
  async find(db: DbOrTrx, contractId: number): Promise<ContractRow | undefined> {
    const row = await db
      .selectFrom('contracts')
      .innerJoin('clients', 'clients.id', 'contracts.client_id')
      .leftJoin('sla_policies', 'sla_policies.id', 'contracts.sla_policy_id')
      .leftJoin('sla_calendars', 'sla_calendars.id', 'contracts.sla_calendar_id')
      .selectAll('contracts')
      .select([
        'clients.name as client_name',
        'sla_policies.name as policy_name',
        'sla_calendars.name as calendar_name',
        'clients.currency as client_currency',
      ])
      .where('contracts.id', '=', contractId)
      .executeTakeFirst();
    if (!row) return undefined;
    const { client_currency, ...contract } = row;
    return { ...contract, currency: contract.currency ?? client_currency } as ContractRow;
  },

  sitesOf(db: DbOrTrx, contractIds: readonly number[]) {
    if (contractIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('contract_sites')
      .innerJoin('client_sites', 'client_sites.id', 'contract_sites.site_id')
      .select(['contract_sites.contract_id', 'client_sites.id', 'client_sites.label', 'client_sites.address'])
      .where('contract_sites.contract_id', 'in', [...contractIds])
      .orderBy('client_sites.label')
      .orderBy('client_sites.id')
      .execute();
  },

  /** Every site of these clients (for contracts covering all sites), by label. */
  sitesOfClients(db: DbOrTrx, clientIds: readonly number[]) {
    if (clientIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('client_sites')
      .select(['client_id', 'id', 'label', 'address'])
      .where('client_id', 'in', [...clientIds])
      .orderBy('label')
      .orderBy('id')
      .execute();
  },

  /** The documents of these contracts (stored by modules/attachments), oldest first. */
  filesOf(db: DbOrTrx, contractIds: readonly number[]) {
    if (contractIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('contracts')
      .innerJoin('contract_files as f', 'f.contract_id', 'contracts.id')
      .select(['f.id', 'f.contract_id', 'f.filename', 'f.content_type', 'f.size_bytes', 'f.created_at'])
      .where('contracts.id', 'in', [...contractIds])
      .orderBy('f.contract_id')
      .orderBy('f.id')
      .execute();
  },

  contactsOf(db: DbOrTrx, contractId: number) {
    return db
      .selectFrom('contract_contacts')
      .innerJoin('contacts', 'contacts.id', 'contract_contacts.contact_id')
      .select(['contacts.id', 'contacts.name', 'contacts.email'])
      .where('contract_contacts.contract_id', '=', contractId)
      .orderBy('contacts.name')
      .orderBy('contacts.id')
      .execute();
  },

  async replaceSites(db: DbOrTrx, contractId: number, siteIds: readonly number[]): Promise<void> {
    await db.deleteFrom('contract_sites').where('contract_id', '=', contractId).execute();
    if (siteIds.length === 0) return;
    await db
      .insertInto('contract_sites')
      .values(siteIds.map((site_id) => ({ contract_id: contractId, site_id })))
      .execute();
  },

  async replaceContacts(db: DbOrTrx, contractId: number, contactIds: readonly number[]): Promise<void> {
    await db.deleteFrom('contract_contacts').where('contract_id', '=', contractId).execute();
    if (contactIds.length === 0) return;
    await db
      .insertInto('contract_contacts')
      .values(contactIds.map((contact_id) => ({ contract_id: contractId, contact_id })))
      .execute();
  },

  async siteIdsOf(db: DbOrTrx, contractId: number): Promise<number[]> {
    const rows = await db
      .selectFrom('contract_sites')
      .select('site_id')
      .where('contract_id', '=', contractId)
      .orderBy('site_id')
      .execute();
    return rows.map((r) => r.site_id);
  },

  async contactIdsOf(db: DbOrTrx, contractId: number): Promise<number[]> {
    const rows = await db
      .selectFrom('contract_contacts')
      .select('contact_id')
      .where('contract_id', '=', contractId)
      .orderBy('contact_id')
      .execute();
    return rows.map((r) => r.contact_id);
  },

  /** The client's currency: a new contract's money is in it, frozen. */
  async clientCurrency(db: DbOrTrx, clientId: number): Promise<string> {
    const row = await db
      .selectFrom('clients')
      .select('currency')
      .where('id', '=', clientId)
      .executeTakeFirst();
    return row?.currency ?? 'EUR';
  },

  /** The last day of the contract's last closed bank period (bank_periods is the hours module's). */
  async lastClosedPeriodEnd(db: DbOrTrx, contractId: number): Promise<string | null> {
    const row = await db
      .selectFrom('bank_periods')
      .select('period_end')
      .where('contract_id', '=', contractId)
      .orderBy('period_start', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.period_end ?? null;
  },

  /** Which of `siteIds` are sites of the client. */
  async clientSiteIds(db: DbOrTrx, clientId: number, siteIds: readonly number[]): Promise<Set<number>> {
    if (siteIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('client_sites')
      .select('id')
      .where('client_id', '=', clientId)
      .where('id', 'in', [...siteIds])
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  /** Which of `contactIds` are contacts of the client. */
  async clientContactIds(db: DbOrTrx, clientId: number, contactIds: readonly number[]): Promise<Set<number>> {
    if (contactIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('contacts')
      .select('id')
      .where('client_id', '=', clientId)
      .where('id', 'in', [...contactIds])
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  async policyExists(db: DbOrTrx, policyId: number): Promise<boolean> {
    const row = await db
      .selectFrom('sla_policies')
      .select('id')
      .where('id', '=', policyId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async calendarExists(db: DbOrTrx, calendarId: number): Promise<boolean> {
    const row = await db
      .selectFrom('sla_calendars')
      .select('id')
      .where('id', '=', calendarId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async clientExists(db: DbOrTrx, clientId: number): Promise<boolean> {
    const row = await db.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst();
    return row !== undefined;
  },

  /**
   * The client's contract that covers a ticket on `today` ('YYYY-MM-DD'): active, begun and not ended,
   * and covering the ticket's site (a contract for all sites covers every ticket; one for some sites only
   * tickets at those sites; a ticket naming no site only an all-sites one). A contract naming the site
   * comes before an all-sites one, then the latest begun. With its coverage hours' calendar, if it names one.
   */
  coveringContract(db: DbOrTrx, clientId: number, siteId: number | null, today: string) {
    return db
      .selectFrom('contracts')
      .leftJoin('sla_calendars as cal', 'cal.id', 'contracts.sla_calendar_id')
      .select([
        'contracts.id',
        'contracts.name',
        'contracts.sla_policy_id',
        'contracts.sla_calendar_id',
        'cal.definition as calendar_definition',
      ])
      .where('contracts.client_id', '=', clientId)
      .where('contracts.status', '=', 'active')
      .where((eb) =>
        siteId === null
          ? eb('contracts.all_sites', '=', 1)
          : eb.or([
              eb('contracts.all_sites', '=', 1),
              eb.exists(
                eb
                  .selectFrom('contract_sites as cs')
                  .select('cs.site_id')
                  .whereRef('cs.contract_id', '=', 'contracts.id')
                  .where('cs.site_id', '=', siteId),
              ),
            ]),
      )
      .where('contracts.start_date', '<=', today)
      .where((eb) => eb.or([eb('contracts.end_date', 'is', null), eb('contracts.end_date', '>=', today)]))
      .orderBy('contracts.all_sites', 'asc')
      .orderBy('contracts.start_date', 'desc')
      .orderBy('contracts.id', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /** One page, newest start first, keyset-paginated on (start_date, id). */
  async list(db: DbOrTrx, f: ContractListFilter): Promise<ContractListRow[]> {
    return contractsPage(db, f)
      .innerJoin('clients', 'clients.id', 'contracts.client_id')
      .leftJoin('sla_policies', 'sla_policies.id', 'contracts.sla_policy_id')
      .select([
        'contracts.id',
        'contracts.client_id',
        'clients.name as client_name',
        'contracts.name',
        'contracts.type',
        'contracts.status',
        'sla_policies.name as policy_name',
        'contracts.start_date',
        'contracts.end_date',
        'contracts.renewal_date',
      ])
      .execute();
  },

  /** One page of a client's contracts in the given statuses, for the portal (the access layer scopes it). */
  async portalList(db: DbOrTrx, f: ContractListFilter): Promise<PortalContractRow[]> {
    return contractsPage(db, f)
      .leftJoin('sla_policies', 'sla_policies.id', 'contracts.sla_policy_id')
      .leftJoin('sla_calendars as own_calendar', 'own_calendar.id', 'contracts.sla_calendar_id')
      .leftJoin('sla_calendars as policy_calendar', 'policy_calendar.id', 'sla_policies.calendar_id')
      .select([
        'contracts.id',
        'contracts.name',
        'contracts.type',
        'contracts.scope',
        'contracts.status',
        'contracts.all_sites',
        'contracts.start_date',
        'contracts.end_date',
        'contracts.renewal_date',
        'contracts.auto_renew',
        'contracts.notice_days',
        'sla_policies.name as policy_name',
        'sla_policies.targets as policy_targets',
        'own_calendar.name as calendar_name',
        'own_calendar.definition as calendar_definition',
        'policy_calendar.name as policy_calendar_name',
        'policy_calendar.definition as policy_calendar_definition',
      ])
      .execute() as Promise<PortalContractRow[]>;
  },
});
