import type { z } from 'zod';
import { type Message, message } from '../../../shared/i18n/i18n.ts';
import type {
  ClientListResponse,
  ClientResponse,
  clientCreateBody,
  clientListQuery,
  clientPatchBody,
} from '../../../shared/schemas/clients.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Clock, StaffActor } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import { type ErrorText, errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { parseAllowlist, presentClient, presentClientListItem } from './clients.presenter.ts';
import { type ClientRow, type ClientUpdate, clientsRepository } from './clients.repository.ts';

type CreateInput = z.output<typeof clientCreateBody>;
type PatchInput = z.output<typeof clientPatchBody>;
type ListInput = z.output<typeof clientListQuery>;

/** What sign-in needs to know about a contact's client (used by the account-security area). */
export interface ClientAccessRules {
  portalEnabled: boolean;
  archived: boolean;
  requireMfa: boolean;
  /** Canonical CIDR ranges; empty means any address. */
  ipAllowlist: string[];
}

/**
 * Read-only helpers other modules may call with their own db or transaction. They do no access
 * check: the caller has already decided the actor may know about this client.
 */
export const clientsDirectory = Object.freeze({
  async accessRules(db: DbOrTrx, clientId: number): Promise<ClientAccessRules | null> {
    const row = await clientsRepository.findPlain(db, clientId);
    if (!row) return null;
    return {
      portalEnabled: row.portal_enabled === 1,
      archived: row.archived_at !== null,
      requireMfa: row.require_mfa === 1,
      ipAllowlist: parseAllowlist(row.ip_allowlist),
    };
  },

  /** The client's name, or null when there is no such client. */
  async name(db: DbOrTrx, clientId: number): Promise<string | null> {
    return (await clientsRepository.findPlain(db, clientId))?.name ?? null;
  },

  /**
   * A new client and its sites, in the caller's transaction, with no access check and no audit row: for
   * the directory (setup's demo data). Staff create clients through the service's `create`.
   */
  async insertClientWithSites(
    db: DbOrTrx,
    row: Parameters<typeof clientsRepository.insert>[1],
    sites: readonly { label: string; address: string }[],
  ): Promise<number> {
    const clientId = await clientsRepository.insert(db, row);
    for (const site of sites) {
      await clientsRepository.insertSite(db, { client_id: clientId, ...site, at: row.at });
    }
    return clientId;
  },
});

/**
 * The guard of a change to a client's record (the client itself, or a contract for it): staff with
 * `clients:manage`; `denied` says what the role cannot change. A missing client is a 404 like any other id.
 */
export function changeClientPolicy(denied: Message) {
  return {
    what: message('errors:notFound.client'),
    table: 'clients',
    staff: { permission: 'clients:manage', denied },
  } as const satisfies AccessPolicy;
}

/** Who may see and change clients (see requireAccess): staff with the clients permissions. */
export const clientPolicies = {
  view: {
    what: message('errors:notFound.client'),
    table: 'clients',
    staff: { permission: 'clients:view', denied: message('errors:denied.clientsView') },
  },
  manage: changeClientPolicy(message('errors:denied.clientsChange')),
} as const satisfies Record<string, AccessPolicy>;

export type ClientsService = ReturnType<typeof createClientsService>;

export function createClientsService(deps: {
  database: Database;
  clock: Clock;
  audit: Audit;
  /** The organisation's currency, for a client created without one. */
  settings: Pick<SettingsService, 'current'>;
}) {
  const { database, clock, audit, settings } = deps;

  async function load(db: DbOrTrx, clientId: number): Promise<ClientResponse> {
    const row = await clientsRepository.find(db, clientId);
    if (!row) throw errors.notFound(message('errors:notFound.client'));
    return presentClient(row, await clientsRepository.listSites(db, clientId));
  }

  async function requireClient(db: DbOrTrx, clientId: number): Promise<ClientRow> {
    const row = await clientsRepository.findPlain(db, clientId);
    if (!row) throw errors.notFound(message('errors:notFound.client'));
    return row;
  }

  /** Applies the complete list of sites: edits those with an id, adds those without, removes the rest. */
  async function syncSites(
    trx: DbOrTrx,
    clientId: number,
    input: NonNullable<PatchInput['sites']>,
    at: string,
  ): Promise<boolean> {
    const existing = await clientsRepository.listSites(trx, clientId);
    const byId = new Map(existing.map((s) => [s.id, s]));
    const problems: Record<string, ErrorText> = {};
    const seen = new Set<number>();
    input.forEach((site, i) => {
      if (site.id === undefined) return;
      if (!byId.has(site.id)) problems[`sites.${i}.id`] = message('errors:clients.siteNotOwnField');
      else if (seen.has(site.id)) problems[`sites.${i}.id`] = message('errors:clients.siteTwiceField');
      seen.add(site.id);
    });
    if (Object.keys(problems).length > 0) {
      throw errors.validation(problems, message('errors:clients.sitesMismatch'));
    }
    let changed = false;
    for (const site of input) {
      if (site.id === undefined) {
        await clientsRepository.insertSite(trx, {
          client_id: clientId,
          label: site.label,
          address: site.address,
          at,
        });
        changed = true;
        continue;
      }
      const before = byId.get(site.id);
      if (before && (before.label !== site.label || before.address !== site.address)) {
        await clientsRepository.updateSite(
          trx,
          clientId,
          site.id,
          { label: site.label, address: site.address },
          at,
        );
        changed = true;
      }
    }
    const removed = existing.filter((s) => !seen.has(s.id)).map((s) => s.id);
    await clientsRepository.deleteSites(trx, clientId, removed);
    return changed || removed.length > 0;
  }

  return {
    async list(actor: StaffActor, query: ListInput): Promise<ClientListResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, clientPolicies.view);
      const rows = await clientsRepository.list(db, {
        q: query.q || undefined,
        sort: query.sort,
        order: query.order,
        status: query.status,
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const page = pageOf(rows, query.limit, (r) => (query.sort === 'name' ? r.name : r.created_at));
      return { items: page.items.map(presentClientListItem), nextCursor: page.nextCursor };
    },

    async get(actor: StaffActor, clientId: number): Promise<ClientResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, clientPolicies.view);
      return load(db, clientId);
    },

    async create(actor: StaffActor, input: CreateInput, meta: RequestMeta): Promise<ClientResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, clientPolicies.manage);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const clientId = await clientsRepository.insert(trx, {
          name: input.name,
          phone: input.phone ?? null,
          website: input.website ?? null,
          notes: input.notes ?? null,
          portal_enabled: input.portalEnabled ? 1 : 0,
          require_mfa: input.requireMfa ? 1 : 0,
          ip_allowlist: JSON.stringify(input.ipAllowlist),
          language: input.language ?? null,
          time_zone: input.timeZone ?? null,
          currency: input.currency ?? (await settings.current(trx))?.currency ?? 'EUR',
          at,
        });
        for (const site of input.sites) {
          await clientsRepository.insertSite(trx, { client_id: clientId, ...site, at });
        }
        await audit.record(trx, {
          actor,
          action: 'client.created',
          clientId,
          target: { type: 'client', id: clientId },
          details: { name: input.name },
          meta,
        });
        return load(trx, clientId);
      });
    },

    async update(
      actor: StaffActor,
      clientId: number,
      patch: PatchInput,
      meta: RequestMeta,
    ): Promise<ClientResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, clientPolicies.manage);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const row = await requireClient(trx, clientId);
        const values: ClientUpdate = {};
        const changed: string[] = [];
        if (patch.name !== undefined && patch.name !== row.name) {
          values.name = patch.name;
          changed.push('name');
        }
        if (patch.phone !== undefined && patch.phone !== row.phone) {
          values.phone = patch.phone;
          changed.push('phone');
        }
        if (patch.website !== undefined && patch.website !== row.website) {
          values.website = patch.website;
          changed.push('website');
        }
        if (patch.notes !== undefined && patch.notes !== row.notes) {
          values.notes = patch.notes;
          changed.push('notes');
        }
        if (patch.portalEnabled !== undefined && (patch.portalEnabled ? 1 : 0) !== row.portal_enabled) {
          values.portal_enabled = patch.portalEnabled ? 1 : 0;
          changed.push('portalEnabled');
        }
        if (patch.requireMfa !== undefined && (patch.requireMfa ? 1 : 0) !== row.require_mfa) {
          values.require_mfa = patch.requireMfa ? 1 : 0;
          changed.push('requireMfa');
        }
        if (
          patch.ipAllowlist !== undefined &&
          JSON.stringify(patch.ipAllowlist) !== JSON.stringify(parseAllowlist(row.ip_allowlist))
        ) {
          values.ip_allowlist = JSON.stringify(patch.ipAllowlist);
          changed.push('ipAllowlist');
        }
        if (patch.language !== undefined && patch.language !== row.language) {
          values.language = patch.language;
          changed.push('language');
        }
        if (patch.timeZone !== undefined && patch.timeZone !== row.time_zone) {
          values.time_zone = patch.timeZone;
          changed.push('timeZone');
        }
        if (patch.currency !== undefined && patch.currency !== row.currency) {
          values.currency = patch.currency;
          changed.push('currency');
        }
        if (patch.sites !== undefined && (await syncSites(trx, clientId, patch.sites, at))) {
          changed.push('sites');
        }
        if (changed.length > 0) {
          await clientsRepository.update(trx, clientId, values, at);
          // The notes' text stays out of the log (internal, and possibly long); the names of what changed do not.
          const details: Record<string, unknown> = { changed };
          if (values.portal_enabled !== undefined) details.portalEnabled = values.portal_enabled === 1;
          if (values.require_mfa !== undefined) details.requireMfa = values.require_mfa === 1;
          if (values.ip_allowlist !== undefined) details.ipAllowlist = patch.ipAllowlist;
          await audit.record(trx, {
            actor,
            action: 'client.updated',
            clientId,
            target: { type: 'client', id: clientId },
            details,
            meta,
          });
        }
        return load(trx, clientId);
      });
    },

    /** Archived clients drop out of lists and their contacts can no longer sign in; nothing is deleted. */
    async archive(actor: StaffActor, clientId: number, meta: RequestMeta): Promise<ClientResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, clientPolicies.manage);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const row = await requireClient(trx, clientId);
        if (row.archived_at === null) {
          await clientsRepository.update(trx, clientId, { archived_at: at }, at);
          await audit.record(trx, {
            actor,
            action: 'client.archived',
            clientId,
            target: { type: 'client', id: clientId },
            meta,
          });
        }
        return load(trx, clientId);
      });
    },

    async restore(actor: StaffActor, clientId: number, meta: RequestMeta): Promise<ClientResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, clientPolicies.manage);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const row = await requireClient(trx, clientId);
        if (row.archived_at !== null) {
          await clientsRepository.update(trx, clientId, { archived_at: null }, at);
          await audit.record(trx, {
            actor,
            action: 'client.restored',
            clientId,
            target: { type: 'client', id: clientId },
            meta,
          });
        }
        return load(trx, clientId);
      });
    },
  };
}
