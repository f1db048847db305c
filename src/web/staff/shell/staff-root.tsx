import { useTranslation } from 'react-i18next';
import type { StaffPermission } from '../../../shared/permissions.ts';
import type { StaffMe } from '../../../shared/schemas/auth.ts';
import { AppLayout, type LayoutNavItem } from '../../ui/app-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { FaceGate } from '../../ui/face-gate.tsx';
import { RouteError } from '../../ui/route-error.tsx';
import { NotFound } from '../../ui/states.tsx';
import { staffRoleKeys } from '../role-keys.ts';

/** A staff menu entry (its label a catalogue key); with a permission, only staff holding it see it. */
type StaffNavItem = Omit<LayoutNavItem, 'label'> & {
  labelKey: `staffApp:${string}`;
  permission?: StaffPermission;
};

const staffNav: readonly StaffNavItem[] = [
  { key: 'home', labelKey: 'staffApp:nav.home', to: '/staff/', end: true },
  { key: 'tickets', labelKey: 'staffApp:nav.tickets', to: '/staff/tickets', permission: 'tickets:view' },
  { key: 'time', labelKey: 'staffApp:nav.time', to: '/staff/time', permission: 'tickets:view' },
  { key: 'clients', labelKey: 'staffApp:nav.clients', to: '/staff/clients', permission: 'clients:view' },
  {
    key: 'contracts',
    labelKey: 'staffApp:nav.contracts',
    to: '/staff/contracts',
    permission: 'clients:view',
  },
  { key: 'orders', labelKey: 'staffApp:nav.orders', to: '/staff/orders', permission: 'clients:view' },
  { key: 'inbound', labelKey: 'staffApp:nav.inbound', to: '/staff/inbound', permission: 'tickets:manage' },
  { key: 'settings', labelKey: 'staffApp:nav.settings', to: '/staff/settings' },
  { key: 'support', labelKey: 'staffApp:nav.support', to: '/staff/support', permission: 'settings:view' },
  { key: 'audit', labelKey: 'staffApp:nav.audit', to: '/staff/audit', permission: 'audit:view' },
  { key: 'outbox', labelKey: 'staffApp:nav.outbox', to: '/staff/outbox', permission: 'outbox:view' },
  { key: 'profile', labelKey: 'staffApp:nav.profile', to: '/staff/profile' },
];

/** Everything under /staff: sign-in when nobody is signed in, the staff frame for staff users. */
export function StaffRoot() {
  return <FaceGate face="staff">{(me) => <StaffShell me={me} />}</FaceGate>;
}

function StaffShell({ me }: { me: StaffMe }) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const navItems = staffNav
    .filter((item) => !item.permission || me.permissions.includes(item.permission))
    .map(({ labelKey, permission: _permission, ...item }) => ({ ...item, label: t(labelKey) }));
  return (
    <AppLayout
      homeTo="/staff/"
      faceLabel={t('staffApp:shell.faceLabel')}
      brandName={branding.organisationName}
      navItems={navItems}
      person={{ name: me.name, detail: t(staffRoleKeys[me.role]) }}
      navLabel={t('staffApp:shell.navLabel')}
    />
  );
}

export function StaffNotFound() {
  const { t } = useTranslation();
  return <NotFound homeTo="/staff/" homeLabel={t('staffApp:shell.notFoundHome')} />;
}

/** A page that crashed (the router's errorElement): in the frame, or `framed` on its own. */
export function StaffRouteError({ framed = false }: { framed?: boolean }) {
  const { t } = useTranslation();
  return <RouteError homeTo="/staff/" homeLabel={t('staffApp:shell.notFoundHome')} framed={framed} />;
}
