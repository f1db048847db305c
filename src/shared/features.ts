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
