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

/**
 * The portal features this release has built: the one list that says so. A feature not in it has no
 * pages yet, so nothing shows it: the settings have no switch for it and the access words leave its
 * permissions out (a contact's "Your access" card, the colleague and contact pages). The issue that
 * builds a feature adds it here, and only here.
 */
export const builtPortalFeatures = [
  'tickets',
  'contracts',
  'reports',
] as const satisfies readonly PortalFeature[];

export function isBuiltFeature(feature: PortalFeature): boolean {
  return (builtPortalFeatures as readonly PortalFeature[]).includes(feature);
}
