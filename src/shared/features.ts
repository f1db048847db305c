/** Portal features that the provider can switch on or off. A feature that is off vanishes for contacts. */
export const portalFeatures = [
  'tickets',
  'invoices',
  'payments',
  'quotes',
  'contracts',
  'assets',
  'documents',
  'domains',
  'kb',
  'reports',
] as const;
export type PortalFeature = (typeof portalFeatures)[number];

export const featureLabels: Record<PortalFeature, string> = {
  tickets: 'Tickets',
  invoices: 'Invoices',
  payments: 'Payments',
  quotes: 'Quotes',
  contracts: 'Contracts',
  assets: 'Assets',
  documents: 'Documents',
  domains: 'Domains and certificates',
  kb: 'Knowledge base',
  reports: 'Reports',
};
