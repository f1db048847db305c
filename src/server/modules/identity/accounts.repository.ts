import type { DbOrTrx } from '../../platform/db/db.ts';
import { prepared, preparedShapes } from '../../platform/db/prepared.ts';

/** An account with what is needed to build its actor (and to tell whether it may sign in), in one query. */
export interface AccountRow {
  id: number;
  kind: 'staff' | 'contact';
  email: string;
  name: string;
  password_hash: string | null;
  staff_role: string | null;
  status: 'active' | 'disabled';
  contact_id: number | null;
  contact_status: 'active' | 'inactive' | null;
  client_id: number | null;
  client_name: string | null;
  client_portal_enabled: number | null;
  client_archived_at: string | null;
  presets: string | null;
  switches: string | null;
  must_change_password: number;
  mfa_enabled_at: string | null;
  /** JSON array of CIDR ranges the client's contacts must sign in from; '[]' (or null for staff) means any. */
  client_ip_allowlist: string | null;
  client_require_mfa: number | null;
  /** The person's own language (staff: the account's; contacts: the contact's, else their client's). */
  language: string | null;
  /** Their own time zone, the same way (null: the organisation's). */
  time_zone: string | null;
  /** Their own date format (staff: the account's; contacts: the contact's; null: the organisation's). */
  date_format: string | null;
}

export function accountQuery(db: DbOrTrx) {
  return db
    .selectFrom('accounts as a')
    .leftJoin('contacts as c', 'c.id', 'a.contact_id')
    .leftJoin('clients as cl', 'cl.id', 'c.client_id')
    .select([
      'a.id',
      'a.kind',
      'a.email',
      'a.name',
      'a.password_hash',
      'a.staff_role',
      'a.status',
      'a.contact_id',
      'c.status as contact_status',
      'c.client_id',
      'cl.name as client_name',
      'cl.portal_enabled as client_portal_enabled',
      'cl.archived_at as client_archived_at',
      'c.presets',
      'c.switches',
      'a.must_change_password',
      'a.mfa_enabled_at',
      'cl.ip_allowlist as client_ip_allowlist',
      'cl.require_mfa as client_require_mfa',
      (eb) => eb.fn.coalesce('c.language', 'cl.language', 'a.language').as('language'),
      (eb) => eb.fn.coalesce('c.time_zone', 'cl.time_zone', 'a.time_zone').as('time_zone'),
      (eb) => eb.fn.coalesce('c.date_format', 'a.date_format').as('date_format'),
    ]);
}

const accountById = prepared((db: DbOrTrx, id: number) => accountQuery(db).where('a.id', '=', id));

// Read for every notification email a ticket sends (who manages tickets, their choices, everyone's
// language): compiled once per shape (see preparedShapes()).
const activeStaff = preparedShapes(
  (db: DbOrTrx, order: 'name' | 'id', v: { roles: string[] }) => {
    const query = db
      .selectFrom('accounts')
      .select(['id', 'name', 'email'])
      .where('kind', '=', 'staff')
      .where('status', '=', 'active')
      .where('staff_role', 'in', v.roles);
    return order === 'name' ? query.orderBy('name').orderBy('id') : query.orderBy('id');
  },
  { everyValueUsed: true },
);
const prefsOf = preparedShapes(
  (db: DbOrTrx, _shape: null, v: { ids: number[] }) =>
    db.selectFrom('accounts').select(['id', 'notification_prefs']).where('id', 'in', v.ids),
  { everyValueUsed: true },
);
const contactLanguages = preparedShapes(
  (db: DbOrTrx, _shape: null, v: { ids: number[] }) =>
    db
      .selectFrom('contacts as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['c.id', (eb) => eb.fn.coalesce('c.language', 'cl.language').as('language')])
      .where('c.id', 'in', v.ids),
  { everyValueUsed: true },
);
const accountLanguages = preparedShapes(
  (db: DbOrTrx, _shape: null, v: { ids: number[] }) =>
    db
      .selectFrom('accounts as a')
      .leftJoin('contacts as c', 'c.id', 'a.contact_id')
      .leftJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['a.id', (eb) => eb.fn.coalesce('c.language', 'cl.language', 'a.language').as('language')])
      .where('a.id', 'in', v.ids),
  { everyValueUsed: true },
);

/**
 * Staff users and contact logins share one accounts table; the identity module is the one place that
 * writes it: sign-in state, passwords, MFA columns and backup codes, and a contact's login.
 */
export const accountsRepository = Object.freeze({
  /** Active staff accounts of these roles, ordered by name (pickers) or by id (mail recipients). */
  activeStaffInRoles(db: DbOrTrx, roles: readonly string[], order: 'name' | 'id' = 'name') {
    return activeStaff(db, order, order, { roles: [...roles] });
  },

  /** Each account's notification choices (JSON), for those of `accountIds` that exist. */
  notificationPrefs(db: DbOrTrx, accountIds: readonly number[]) {
    return prefsOf(db, '', null, { ids: [...accountIds] });
  },

  findByEmail(db: DbOrTrx, email: string): Promise<AccountRow | undefined> {
    return accountQuery(db).where('a.email', '=', email).executeTakeFirst();
  },

  /** Read for every GET /me (each page load): compiled once (see prepared()). */
  async findById(db: DbOrTrx, id: number): Promise<AccountRow | undefined> {
    return (await accountById(db, id))[0];
  },

  async insert(
    db: DbOrTrx,
    row: {
      kind: 'staff' | 'contact';
      email: string;
      name: string;
      password_hash: string | null;
      staff_role: string | null;
      contact_id: number | null;
      must_change_password: number;
      at: string;
    },
  ): Promise<number> {
    const { at, ...values } = row;
    const inserted = await db
      .insertInto('accounts')
      .values({ ...values, status: 'active', last_login_at: null, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  /**
   * A new password (from a reset link, or changed by the person): it also ends any "must change
   * password" state. A reset link also ends the sign-in waits (`clearSignInWaits`).
   */
  async resetPassword(db: DbOrTrx, accountId: number, passwordHash: string, at: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({
        password_hash: passwordHash,
        password_changed_at: at,
        must_change_password: 0,
        // The lock of the version before sign-in throttling, while both may run during an upgrade.
        failed_attempts: 0,
        locked_until: null,
        updated_at: at,
      })
      .where('id', '=', accountId)
      .execute();
  },

  async emailTaken(db: DbOrTrx, email: string): Promise<boolean> {
    const row = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
    return row !== undefined;
  },

  async emailTakenByOther(db: DbOrTrx, email: string, accountId: number): Promise<boolean> {
    const row = await db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', email)
      .where('id', '!=', accountId)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The same, compared case-insensitively (a contact's email as staff typed it). */
  async loginEmailTaken(db: DbOrTrx, email: string, exceptAccountId: number): Promise<boolean> {
    const row = await db
      .selectFrom('accounts')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .where('id', '!=', exceptAccountId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async recordLogin(db: DbOrTrx, accountId: number, at: string): Promise<void> {
    await db.updateTable('accounts').set({ last_login_at: at }).where('id', '=', accountId).execute();
  },

  // --- The person's own details (profile) ------------------------------------------------------

  async updateName(db: DbOrTrx, accountId: number, name: string, at: string): Promise<void> {
    await db.updateTable('accounts').set({ name, updated_at: at }).where('id', '=', accountId).execute();
  },

  async setNotificationPrefs(db: DbOrTrx, accountId: number, prefs: string, at: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ notification_prefs: prefs, updated_at: at })
      .where('id', '=', accountId)
      .execute();
  },

  /**
   * The chosen language of these people (null: the organisation's): contacts by contact id (their own,
   * else their client's; contacts without a login too), staff by account id. Two queries at most.
   */
  async languages(
    db: DbOrTrx,
    ids: { contactIds: readonly number[]; accountIds: readonly number[] },
  ): Promise<{ contacts: Map<number, string | null>; accounts: Map<number, string | null> }> {
    const contacts = new Map<number, string | null>();
    const accounts = new Map<number, string | null>();
    if (ids.contactIds.length > 0) {
      const rows = await contactLanguages(db, '', null, { ids: [...ids.contactIds] });
      for (const row of rows) contacts.set(row.id, row.language);
    }
    if (ids.accountIds.length > 0) {
      const rows = await accountLanguages(db, '', null, { ids: [...ids.accountIds] });
      for (const row of rows) accounts.set(row.id, row.language);
    }
    return { contacts, accounts };
  },

  /** A staff member's language, time zone and date format (null: the organisation's). */
  async setLocale(db: DbOrTrx, accountId: number, values: LocaleValues, at: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ ...values, updated_at: at })
      .where('id', '=', accountId)
      .execute();
  },

  async colourScheme(db: DbOrTrx, accountId: number): Promise<'system' | 'light' | 'dark' | undefined> {
    const row = await db
      .selectFrom('accounts')
      .select('colour_scheme')
      .where('id', '=', accountId)
      .executeTakeFirst();
    return row?.colour_scheme;
  },

  async setColourScheme(
    db: DbOrTrx,
    accountId: number,
    scheme: 'system' | 'light' | 'dark',
    at: string,
  ): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ colour_scheme: scheme, updated_at: at })
      .where('id', '=', accountId)
      .execute();
  },

  async applyEmail(db: DbOrTrx, accountId: number, email: string, at: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ email, pending_email: null, updated_at: at })
      .where('id', '=', accountId)
      .execute();
  },

  // --- A contact's login, kept in step with the contact (status, name, email) -----------------

  async setContactLoginStatus(db: DbOrTrx, contactId: number, status: 'active' | 'disabled', at: string) {
    await db
      .updateTable('accounts')
      .set({ status, updated_at: at })
      .where('contact_id', '=', contactId)
      .where('kind', '=', 'contact')
      .execute();
  },

  async updateContactLogin(
    db: DbOrTrx,
    contactId: number,
    values: { name?: string; email?: string },
    at: string,
  ) {
    await db
      .updateTable('accounts')
      .set({ ...values, updated_at: at })
      .where('contact_id', '=', contactId)
      .where('kind', '=', 'contact')
      .execute();
  },

  // --- Two-factor authentication: every "use once" rule is one conditional UPDATE -------------

  mfaState(db: DbOrTrx, accountId: number) {
    return db
      .selectFrom('accounts')
      .select(['mfa_secret', 'mfa_enabled_at', 'mfa_last_step'])
      .where('id', '=', accountId)
      .executeTakeFirst();
  },

  /** A new secret waiting for its first code; an account with MFA on keeps its secret. */
  async setPendingMfaSecret(db: DbOrTrx, accountId: number, sealed: string, at: string): Promise<boolean> {
    const result = await db
      .updateTable('accounts')
      .set({ mfa_secret: sealed, mfa_last_step: null, updated_at: at })
      .where('id', '=', accountId)
      .where('mfa_enabled_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async enableMfa(
    db: DbOrTrx,
    accountId: number,
    sealed: string,
    step: number,
    at: string,
  ): Promise<boolean> {
    const result = await db
      .updateTable('accounts')
      .set({ mfa_enabled_at: at, mfa_last_step: step, updated_at: at })
      .where('id', '=', accountId)
      .where('mfa_enabled_at', 'is', null)
      .where('mfa_secret', '=', sealed)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async disableMfa(db: DbOrTrx, accountId: number, at: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ mfa_secret: null, mfa_enabled_at: null, mfa_last_step: null, updated_at: at })
      .where('id', '=', accountId)
      .execute();
    await db.deleteFrom('mfa_backup_codes').where('account_id', '=', accountId).execute();
  },

  /**
   * Accepts a TOTP time step if it is newer than the last one accepted, atomically: the same code
   * (or an older one) sent twice, even in parallel, works once.
   */
  async claimTotpStep(db: DbOrTrx, accountId: number, step: number): Promise<boolean> {
    const result = await db
      .updateTable('accounts')
      .set({ mfa_last_step: step })
      .where('id', '=', accountId)
      .where('mfa_enabled_at', 'is not', null)
      .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async replaceBackupCodes(db: DbOrTrx, accountId: number, hashes: string[], at: string): Promise<void> {
    await db.deleteFrom('mfa_backup_codes').where('account_id', '=', accountId).execute();
    await db
      .insertInto('mfa_backup_codes')
      .values(
        hashes.map((code_hash) => ({ account_id: accountId, code_hash, used_at: null, created_at: at })),
      )
      .execute();
  },

  unusedBackupCodes(db: DbOrTrx, accountId: number) {
    return db
      .selectFrom('mfa_backup_codes')
      .select(['id', 'code_hash'])
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .orderBy('id')
      .execute();
  },

  async countUnusedBackupCodes(db: DbOrTrx, accountId: number): Promise<number> {
    const row = await db
      .selectFrom('mfa_backup_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Spends a backup code; true only for the one request that did. */
  async spendBackupCode(db: DbOrTrx, id: number, at: string): Promise<boolean> {
    const result = await db
      .updateTable('mfa_backup_codes')
      .set({ used_at: at })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
});

/** A person's locale columns; a key left out keeps its value, null inherits. */
export interface LocaleValues {
  language?: string | null;
  time_zone?: string | null;
  date_format?: string | null;
}
