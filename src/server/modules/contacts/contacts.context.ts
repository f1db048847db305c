import type { z } from 'zod';
import type { ContactPreset, ContactSwitches } from '../../../shared/permissions.ts';
import type {
  colleagueListQuery,
  contactCreateBody,
  contactListQuery,
  contactPatchBody,
} from '../../../shared/schemas/contacts.ts';
import type { Actor, Clock } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import type { Database } from '../../platform/db/db.ts';

/** What the contacts use cases work with; built once by the composition root. */
export interface ContactsContext {
  database: Database;
  clock: Clock;
  audit: Audit;
}

export type CreateInput = z.output<typeof contactCreateBody>;
export type PatchInput = z.output<typeof contactPatchBody>;
export type ListInput = z.output<typeof contactListQuery>;
export type ColleagueListInput = z.output<typeof colleagueListQuery>;

/** Where a write happens and who makes it; `portal` words messages for a contact rather than staff. */
export interface WriteContext {
  actor: Actor;
  clientId: number;
  meta: RequestMeta;
  portal: boolean;
}

export interface Access {
  presets: ContactPreset[];
  switches: ContactSwitches;
}
