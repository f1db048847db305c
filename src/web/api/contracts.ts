import {
  type ContractListQuery,
  contractListResponse,
  contractResponse,
  type PortalContractListQuery,
  portalContractList,
} from '../../shared/schemas/contracts.ts';
import { slaCalendarList, slaPolicyList } from '../../shared/schemas/support-config.ts';
import { api, toQuery } from './client.ts';

/** The one definition of the contract query keys (staff lists and records, the portal's pages). */
export const contractKeys = {
  all: ['contracts'] as const,
  lists: ['contracts', 'list'] as const,
  list: (params: ContractListQuery) => ['contracts', 'list', params] as const,
  detail: (contractId: number) => ['contracts', 'one', contractId] as const,
  portal: (params: PortalContractListQuery) => ['contracts', 'portal', params] as const,
  /** The SLA policies and coverage calendars a contract may name (staff forms). */
  slaChoices: ['contracts', 'sla-choices'] as const,
};

export const fetchContracts = (params: ContractListQuery, signal?: AbortSignal) =>
  api.get(`/contracts${toQuery({ ...params })}`, contractListResponse, signal);

export const fetchContract = (contractId: number, signal?: AbortSignal) =>
  api.get(`/contracts/${contractId}`, contractResponse, signal);

export const fetchPortalContracts = (params: PortalContractListQuery, signal?: AbortSignal) =>
  api.get(`/portal/contracts${toQuery({ ...params })}`, portalContractList, signal);

/** The policies and calendars to choose from, each by name. */
export async function fetchSlaChoices(signal?: AbortSignal) {
  const [policies, calendars] = await Promise.all([
    api.get('/sla-policies', slaPolicyList, signal),
    api.get('/sla-calendars', slaCalendarList, signal),
  ]);
  return {
    policies: policies.items.map((p) => ({ id: p.id, name: p.name, isDefault: p.isDefault })),
    calendars: calendars.items.map((c) => ({ id: c.id, name: c.name })),
  };
}
