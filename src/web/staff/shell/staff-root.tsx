import { staffRoleLabels } from '../../../shared/permissions.ts';
import type { StaffMe } from '../../../shared/schemas/auth.ts';
import { AppLayout, type LayoutNavItem } from '../../ui/app-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { FaceGate } from '../../ui/face-gate.tsx';
import { NotFound } from '../../ui/states.tsx';

const staffNav: readonly LayoutNavItem[] = [
  { key: 'home', label: 'Home', to: '/staff/', end: true },
  { key: 'settings', label: 'Settings', to: '/staff/settings' },
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
      navItems={staffNav}
      person={{ name: me.name, detail: staffRoleLabels[me.role] }}
      navLabel="Staff navigation"
    />
  );
}

export function StaffNotFound() {
  return <NotFound homeTo="/staff/" homeLabel="Go to the staff home page" />;
}
