import type { ContractStatus, ContractType } from '../../shared/schemas/contracts.ts';

/** A contract's type in the viewer's words (both faces). */
export const contractTypeKeys = {
  'managed-services': 'ui:contract.type.managedServices',
  'block-hours': 'ui:contract.type.blockHours',
  maintenance: 'ui:contract.type.maintenance',
  project: 'ui:contract.type.project',
  'time-and-materials': 'ui:contract.type.timeAndMaterials',
} as const satisfies Record<ContractType, `ui:${string}`>;

export const contractStatusKeys = {
  draft: 'ui:contract.status.draft',
  active: 'ui:contract.status.active',
  expired: 'ui:contract.status.expired',
  cancelled: 'ui:contract.status.cancelled',
} as const satisfies Record<ContractStatus, `ui:${string}`>;

/** The badge colour of a status: theme colours only (decision 009). */
export const contractStatusColours: Record<ContractStatus, string> = {
  draft: 'gray',
  active: 'green',
  expired: 'orange',
  cancelled: 'red',
};
