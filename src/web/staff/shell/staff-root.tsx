import { type StaffPermission, staffRoleLabels } from '../../../shared/permissions.ts';
import type { StaffMe } from '../../../shared/schemas/auth.ts';
import { AppLayout, type LayoutNavItem } from '../../ui/app-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { FaceGate } from '../../ui/face-gate.tsx';
import { NotFound } from '../../ui/states.tsx';

/** A staff menu entry; with a permission, only staff holding it see the entry. */
type StaffNavItem = LayoutNavItem & { permission?: StaffPermission };

const staffNav: readonly StaffNavItem[] = [
  { key: 'home', label: 'Home', to: '/staff/', end: true },
  { key: 'tickets', label: 'Tickets', to: '/staff/tickets', permission: 'tickets:view' },
  { key: 'clients', label: 'Clients', to: '/staff/clients', permission: 'clients:view' },
  { key: 'inbound', label: 'Inbound email', to: '/staff/inbound', permission: 'tickets:manage' },
  { key: 'settings', label: 'Settings', to: '/staff/settings' },
  { key: 'support', label: 'Support setup', to: '/staff/support', permission: 'settings:view' },
  { key: 'audit', label: 'Audit log', to: '/staff/audit', permission: 'audit:view' },
  { key: 'outbox', label: 'Email outbox', to: '/staff/outbox', permission: 'outbox:view' },
  { key: 'profile', label: 'Your profile', to: '/staff/profile' },
];

/** Everything under /staff: sign-in when nobody is signed in, the staff frame for staff users. */
export function StaffRoot() {
  return <FaceGate face="staff">{(me) => <StaffShell me={me} />}</FaceGate>;
}

function StaffShell({ me }: { me: StaffMe }) {
  const branding = useBrandingContext();
  return (
    <AppLayout
      homeTo="/staff/"
      faceLabel="Staff"
      brandName={branding.organisationName}
      navItems={staffNav.filter((item) => !item.permission || me.permissions.includes(item.permission))}
      person={{ name: me.name, detail: staffRoleLabels[me.role] }}
      navLabel="Staff navigation"
    />
  );
}

export function StaffNotFound() {
  return <NotFound homeTo="/staff/" homeLabel="Go to the staff home page" />;
}
