import type { PortalFeature } from '../../shared/features.ts';
import type { ContactPermission } from '../../shared/permissions.ts';
import type { ContactMe } from '../../shared/schemas/auth.ts';

export interface PortalNavItem {
  key: string;
  /** A catalogue key (`portalApp:nav.home`): the shell puts it in the viewer's language. */
  label: string;
  to: string;
  /** Active only on this exact path (home links). */
  end?: boolean;
  /** Shown only while the provider has this portal feature switched on. */
  feature?: PortalFeature;
  /** Shown only to contacts holding at least one of these permissions. */
  permission?: readonly ContactPermission[];
}

/**
 * Every page the portal navigation can offer, in menu order. Feature modules add their entry here
 * (for example `{ key: 'tickets', label: 'Tickets', to: '/portal/tickets', feature: 'tickets',
 * permission: ['tickets:view-own', 'tickets:view-company'] }`); `portalNavItems` decides who sees it.
 */
export const portalNavRegistry: readonly PortalNavItem[] = [
  { key: 'home', label: 'portalApp:nav.home', to: '/portal/', end: true },
  {
    key: 'tickets',
    label: 'portalApp:nav.tickets',
    to: '/portal/tickets',
    feature: 'tickets',
    permission: ['tickets:view-own', 'tickets:view-company', 'tickets:create'],
  },
  {
    key: 'contracts',
    label: 'portalApp:nav.contracts',
    to: '/portal/contracts',
    feature: 'contracts',
    permission: ['contracts:view'],
  },
  {
    key: 'hours',
    label: 'portalApp:nav.hours',
    to: '/portal/hours',
    feature: 'contracts',
    permission: ['contracts:view'],
  },
  { key: 'orders', label: 'portalApp:nav.orders', to: '/portal/orders', permission: ['orders:view'] },
  {
    key: 'reports',
    label: 'portalApp:nav.reports',
    to: '/portal/reports',
    feature: 'reports',
    permission: ['reports:view'],
  },
  {
    key: 'activity',
    label: 'portalApp:nav.activity',
    to: '/portal/activity',
    feature: 'reports',
    permission: ['tickets:view-company'],
  },
  {
    key: 'report-schedules',
    label: 'portalApp:nav.reportSchedules',
    to: '/portal/report-schedules',
    feature: 'reports',
    permission: ['reports:schedule'],
  },
  {
    key: 'colleagues',
    label: 'portalApp:nav.colleagues',
    to: '/portal/colleagues',
    permission: ['contacts:view', 'contacts:manage'],
  },
  { key: 'profile', label: 'portalApp:nav.profile', to: '/portal/profile' },
];

/** The navigation one contact sees: items whose feature is on and whose permission they hold. */
export function portalNavItems(
  me: Pick<ContactMe, 'features' | 'permissions'>,
  registry: readonly PortalNavItem[] = portalNavRegistry,
): PortalNavItem[] {
  const features = new Set<PortalFeature>(me.features);
  const permissions = new Set<ContactPermission>(me.permissions);
  return registry.filter(
    (item) =>
      (item.feature === undefined || features.has(item.feature)) &&
      (item.permission === undefined || item.permission.some((p) => permissions.has(p))),
  );
}
