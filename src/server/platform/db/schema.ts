import type { ColumnType, Generated } from 'kysely';

/** Instants are ISO-8601 UTC strings in application code on both dialects (see db.ts type parsers). */
type Instant = string;
/** Booleans are stored as 0/1 integers on both dialects so one code path serves both. */
type Flag = number;

export interface OrganisationTable {
  id: number;
  settings: string;
  logo_key: string | null;
  logo_type: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface ClientTable {
  id: Generated<number>;
  name: string;
  portal_enabled: Flag;
  created_at: Instant;
  updated_at: Instant;
  archived_at: Instant | null;
}

export interface ContactTable {
  id: Generated<number>;
  client_id: number;
  name: string;
  email: string | null;
  /** JSON array of preset names. */
  presets: string;
  /** JSON object of per-person switches. */
  switches: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface AccountTable {
  id: Generated<number>;
  kind: 'staff' | 'contact';
  email: string;
  name: string;
  password_hash: string | null;
  staff_role: string | null;
  contact_id: number | null;
  status: 'active' | 'disabled';
  must_change_password: Flag;
  last_login_at: Instant | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface SessionTable {
  /** SHA-256 of the session token, hex. The token itself is never stored. */
  id: string;
  account_id: number;
  remember: Flag;
  created_at: Instant;
  last_seen_at: Instant;
  idle_expires_at: Instant;
  absolute_expires_at: Instant;
  ip: string;
  user_agent: string;
}

export interface DB {
  organisation: OrganisationTable;
  clients: ClientTable;
  contacts: ContactTable;
  accounts: AccountTable;
  sessions: SessionTable;
}

export type Timestamps = ColumnType<Instant, Instant, Instant>;
