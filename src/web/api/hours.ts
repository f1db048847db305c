import { type HourBlockBody, hourBlock, hoursPage } from '../../shared/schemas/hours.ts';
import { api } from './client.ts';

/** The hours page's query keys (the portal's and the staff contract page's). */
export const hoursKeys = {
  all: ['hours'] as const,
  portal: (contractId: number | null) => ['hours', 'portal', contractId] as const,
  staff: (contractId: number) => ['hours', 'staff', contractId] as const,
};

export const fetchPortalHours = (contractId: number | null, signal?: AbortSignal) =>
  api.get(contractId === null ? '/portal/hours' : `/portal/hours/${contractId}`, hoursPage, signal);

export const fetchContractHours = (contractId: number, signal?: AbortSignal) =>
  api.get(`/contracts/${contractId}/hours`, hoursPage, signal);

export const addHourBlock = (contractId: number, body: HourBlockBody) =>
  api.post(`/contracts/${contractId}/blocks`, hourBlock, body);
