import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import {
  type ContractListResponse,
  type ContractResponse,
  type ContractStatus,
  type contractCreateBody,
  type contractListQuery,
  type contractPatchBody,
  contractTransitions,
  type PortalContractList,
  type portalContractListQuery,
} from '../../../shared/schemas/contracts.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Clock, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import { type ErrorText, errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { changeClientPolicy } from '../clients/clients.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { type BillingValues, bankColumns, billingValues } from './contracts.billing.ts';
import {
  presentContract,
  presentContractListItem,
  presentPortalContract,
  type SiteOut,
} from './contracts.presenter.ts';
import { type ContractValues, contractsRepository } from './contracts.repository.ts';

type CreateInput = z.output<typeof contractCreateBody>;
type PatchInput = z.output<typeof contractPatchBody>;
type ListInput = z.output<typeof contractListQuery>;
type PortalListInput = z.output<typeof portalContractListQuery>;

/**
 * Who may see and change contracts (see requireAccess): staff with the clients permissions (a contract is
 * part of the client's record), and in the portal a contact with `contracts:view`; the access layer keeps
 * a contact to their own client's contracts and never shows them a draft.
 */
export const contractPolicies = {
  view: {
    what: message('errors:notFound.contract'),
    table: 'contracts',
    staff: { permission: 'clients:view', denied: message('errors:denied.contractsView') },
    contact: { anyOf: ['contracts:view'], denied: message('errors:denied.portalContracts') },
  },
  manage: {
    what: message('errors:notFound.contract'),
    table: 'contracts',
    staff: { permission: 'clients:manage', denied: message('errors:denied.contractsChange') },
  },
  /** The client a new contract is for. */
  client: changeClientPolicy(message('errors:denied.contractsChange')),
} as const satisfies Record<string, AccessPolicy>;

/** The statuses the portal shows as current and as past (a draft is never shown). */
const portalStatuses: Record<PortalListInput['show'], ContractStatus[]> = {
  current: ['active'],
  past: ['expired', 'cancelled'],
};

export type ContractsService = ReturnType<typeof createContractsService>;

interface References {
  clientId: number;
  slaPolicyId: number | null;
  slaCalendarId: number | null;
  allSites: boolean;
  siteIds: readonly number[];
  contactIds: readonly number[];
  startDate: string;
  endDate: string | null;
  renewalDate: string | null;
}

/**
 * Everything a contract points at must exist and belong to its client, and its dates must be in order;
 * all problems are reported at once, by field, before anything is written.
 */
async function checkReferences(db: DbOrTrx, r: References): Promise<void> {
  const problems: Record<string, ErrorText> = {};
  if (r.endDate !== null && r.endDate < r.startDate) {
    problems.endDate = message('errors:contracts.endBeforeStart');
  }
  if (r.renewalDate !== null && r.renewalDate < r.startDate) {
    problems.renewalDate = message('errors:contracts.renewalBeforeStart');
  }
  if (r.slaPolicyId !== null && !(await contractsRepository.policyExists(db, r.slaPolicyId))) {
    problems.slaPolicyId = message('errors:contracts.policyMissing');
  }
  if (r.slaCalendarId !== null && !(await contractsRepository.calendarExists(db, r.slaCalendarId))) {
    problems.slaCalendarId = message('errors:contracts.calendarMissing');
  }
  if (!r.allSites) {
    const own = await contractsRepository.clientSiteIds(db, r.clientId, r.siteIds);
    r.siteIds.forEach((siteId, i) => {
      if (!own.has(siteId)) problems[`siteIds.${i}`] = message('errors:contracts.siteNotClients');
    });
  }
  const contacts = await contractsRepository.clientContactIds(db, r.clientId, r.contactIds);
  r.contactIds.forEach((contactId, i) => {
    if (!contacts.has(contactId)) problems[`contactIds.${i}`] = message('errors:contracts.contactNotClients');
  });
  if (Object.keys(problems).length > 0) throw errors.validation(problems);
}

export function createContractsService(deps: {
  database: Database;
  clock: Clock;
  audit: Audit;
  settings: Pick<SettingsService, 'current'>;
}) {
  const { database, clock, audit, settings } = deps;

  async function load(db: DbOrTrx, contractId: number): Promise<ContractResponse> {
    const row = await contractsRepository.find(db, contractId);
    if (!row) throw errors.notFound(message('errors:notFound.contract'));
    const sites: SiteOut[] =
      row.all_sites === 1
        ? await contractsRepository.sitesOfClients(db, [row.client_id])
        : await contractsRepository.sitesOf(db, [contractId]);
    return presentContract(
      row,
      sites,
      await contractsRepository.contactsOf(db, contractId),
      await contractsRepository.filesOf(db, [contractId]),
    );
  }

  return {
    async list(actor: StaffActor, query: ListInput): Promise<ContractListResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, contractPolicies.view);
      const rows = await contractsRepository.list(db, {
        clientId: query.clientId,
        statuses: query.status ? [query.status] : undefined,
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const page = pageOf(rows, query.limit, (r) => r.start_date);
      return { items: page.items.map(presentContractListItem), nextCursor: page.nextCursor };
    },

    async get(actor: StaffActor, contractId: number): Promise<ContractResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, contractPolicies.view, [contractId]);
      return load(db, contractId);
    },

    async create(actor: StaffActor, input: CreateInput, meta: RequestMeta): Promise<ContractResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, contractPolicies.client, [input.clientId]);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        await checkReferences(trx, input);
        const currency = await contractsRepository.clientCurrency(trx, input.clientId);
        const billing = input.billing
          ? billingValues(input.billing, currency, { startDate: input.startDate, endDate: input.endDate })
          : {};
        const contractId = await contractsRepository.insert(trx, {
          ...billing,
          currency,
          client_id: input.clientId,
          name: input.name,
          type: input.type,
          scope: input.scope,
          sla_policy_id: input.slaPolicyId,
          sla_calendar_id: input.slaCalendarId,
          all_sites: input.allSites ? 1 : 0,
          start_date: input.startDate,
          end_date: input.endDate,
          renewal_date: input.renewalDate,
          auto_renew: input.autoRenew ? 1 : 0,
          notice_days: input.noticeDays,
          status: input.status,
          at,
        });
        if (!input.allSites) await contractsRepository.replaceSites(trx, contractId, input.siteIds);
        await contractsRepository.replaceContacts(trx, contractId, input.contactIds);
        await audit.record(trx, {
          actor,
          action: 'contract.created',
          clientId: input.clientId,
          target: { type: 'contract', id: contractId },
          details: { name: input.name, type: input.type, status: input.status },
          meta,
        });
        return load(trx, contractId);
      });
    },

    async update(
      actor: StaffActor,
      contractId: number,
      patch: PatchInput,
      meta: RequestMeta,
    ): Promise<ContractResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, contractPolicies.manage, [contractId]);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const row = await contractsRepository.find(trx, contractId);
        if (!row) throw errors.notFound(message('errors:notFound.contract'));
        const from = row.status as ContractStatus;
        if (from === 'cancelled') {
          throw errors.conflict('contract_cancelled', message('errors:contracts.cancelled'));
        }
        if (patch.status !== undefined && patch.status !== from) {
          if (!contractTransitions[from].includes(patch.status)) {
            throw errors.conflict(
              'contract_status_not_allowed',
              message('errors:contracts.statusNotAllowed'),
            );
          }
        }
        const siteIdsBefore = await contractsRepository.siteIdsOf(trx, contractId);
        const contactIdsBefore = await contractsRepository.contactIdsOf(trx, contractId);
        const after = {
          clientId: row.client_id,
          slaPolicyId: patch.slaPolicyId !== undefined ? patch.slaPolicyId : row.sla_policy_id,
          slaCalendarId: patch.slaCalendarId !== undefined ? patch.slaCalendarId : row.sla_calendar_id,
          allSites: patch.allSites ?? row.all_sites === 1,
          siteIds: patch.siteIds ?? siteIdsBefore,
          contactIds: patch.contactIds ?? contactIdsBefore,
          startDate: patch.startDate ?? row.start_date,
          endDate: patch.endDate !== undefined ? patch.endDate : row.end_date,
          renewalDate: patch.renewalDate !== undefined ? patch.renewalDate : row.renewal_date,
        };
        await checkReferences(trx, after);
        const closedUntil = await contractsRepository.lastClosedPeriodEnd(trx, contractId);
        const billing = patch.billing
          ? billingValues(patch.billing, row.currency ?? '', {
              startDate: after.startDate,
              endDate: after.endDate,
            })
          : null;
        if (closedUntil !== null) {
          // A closed period's record never changes: the bank's shape and its dates up to it stay.
          const reshaped =
            (billing !== null && bankColumns.some((c) => billing[c] !== row[c])) ||
            after.startDate !== row.start_date ||
            (after.endDate !== null && after.endDate < closedUntil);
          if (reshaped) throw errors.conflict('bank_period_closed', message('errors:hours.bankFrozen'));
        }

        const values: Partial<ContractValues> = {};
        const changed: string[] = [];
        const set = <K extends keyof ContractValues>(field: string, column: K, value: ContractValues[K]) => {
          if (value !== row[column]) {
            values[column] = value;
            changed.push(field);
          }
        };
        if (patch.name !== undefined) set('name', 'name', patch.name);
        if (patch.type !== undefined) set('type', 'type', patch.type);
        if (patch.scope !== undefined) set('scope', 'scope', patch.scope);
        set('slaPolicyId', 'sla_policy_id', after.slaPolicyId);
        set('slaCalendarId', 'sla_calendar_id', after.slaCalendarId);
        set('allSites', 'all_sites', after.allSites ? 1 : 0);
        set('startDate', 'start_date', after.startDate);
        set('endDate', 'end_date', after.endDate);
        set('renewalDate', 'renewal_date', after.renewalDate);
        if (patch.autoRenew !== undefined) set('autoRenew', 'auto_renew', patch.autoRenew ? 1 : 0);
        if (patch.noticeDays !== undefined) set('noticeDays', 'notice_days', patch.noticeDays);
        const statusChanged = patch.status !== undefined && patch.status !== from;
        if (statusChanged && patch.status) values.status = patch.status;
        const billingChanged =
          billing !== null &&
          (Object.keys(billing) as (keyof BillingValues)[]).some((k) => billing[k] !== row[k]);
        if (billingChanged) changed.push('billing');

        // Sites listed for a contract covering all sites are not kept: "all" means all, now and later.
        const siteIdsAfter = after.allSites ? [] : [...new Set(after.siteIds)].sort((a, b) => a - b);
        if (JSON.stringify(siteIdsAfter) !== JSON.stringify(siteIdsBefore)) {
          await contractsRepository.replaceSites(trx, contractId, siteIdsAfter);
          if (!after.allSites) changed.push('siteIds');
        }
        const contactIdsAfter = [...new Set(after.contactIds)].sort((a, b) => a - b);
        if (JSON.stringify(contactIdsAfter) !== JSON.stringify(contactIdsBefore)) {
          await contractsRepository.replaceContacts(trx, contractId, contactIdsAfter);
          changed.push('contactIds');
        }
        if (Object.keys(values).length > 0 || changed.length > 0) {
          await contractsRepository.update(
            trx,
            contractId,
            billingChanged ? { ...values, ...billing } : values,
            at,
          );
        }
        if (changed.length > 0) {
          // The scope's text stays out of the log (possibly long); the names of what changed do not.
          await audit.record(trx, {
            actor,
            action: 'contract.updated',
            clientId: row.client_id,
            target: { type: 'contract', id: contractId },
            details: { changed },
            meta,
          });
        }
        if (statusChanged) {
          await audit.record(trx, {
            actor,
            action: 'contract.status_changed',
            clientId: row.client_id,
            target: { type: 'contract', id: contractId },
            details: { from, to: patch.status },
            meta,
          });
        }
        return load(trx, contractId);
      });
    },

    /** The portal's contracts page: the contact's client's active (or past) contracts, and who to ask. */
    async portalList(actor: ContactActor, query: PortalListInput): Promise<PortalContractList> {
      const { db } = database.forActor(actor);
      await requireAccess(db, contractPolicies.view);
      const rows = await contractsRepository.portalList(db, {
        clientId: actor.clientId,
        statuses: portalStatuses[query.show],
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const page = pageOf(rows, query.limit, (r) => r.start_date);
      const listed = page.items.filter((r) => r.all_sites !== 1).map((r) => r.id);
      const linked = await contractsRepository.sitesOf(db, listed);
      const all = page.items.some((r) => r.all_sites === 1)
        ? await contractsRepository.sitesOfClients(db, [actor.clientId])
        : [];
      const files = await contractsRepository.filesOf(
        db,
        page.items.map((r) => r.id),
      );
      const org = await settings.current();
      return {
        items: page.items.map((row) =>
          presentPortalContract(
            row,
            row.all_sites === 1 ? all : linked.filter((s) => s.contract_id === row.id),
            files.filter((f) => f.contract_id === row.id),
          ),
        ),
        nextCursor: page.nextCursor,
        provider: { name: org?.name ?? '', supportEmail: org?.supportEmail ?? '' },
      };
    },
  };
}
