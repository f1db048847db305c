import { Container } from '@mantine/core';
import { useEffect } from 'react';
import { staffRoleLabels } from '../../../shared/permissions.ts';
import type { StaffMe } from '../../../shared/schemas/auth.ts';
import { useMe } from '../../api/auth.ts';
import { AppLayout, type LayoutNavItem } from '../../ui/app-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { SignInPage } from '../../ui/sign-in-page.tsx';
import { ErrorState, FullPageLoader, NotFound } from '../../ui/states.tsx';

const staffNav: readonly LayoutNavItem[] = [
  { key: 'home', label: 'Home', to: '/staff/', end: true },
  { key: 'settings', label: 'Settings', to: '/staff/settings' },
];

/** Everything under /staff: sign-in when nobody is signed in, the staff frame for staff users. */
export function StaffRoot() {
  const me = useMe();
  const isContact = me.data?.kind === 'contact';

  useEffect(() => {
    // Client contacts belong in the portal; it is another page, so leave this one.
    if (isContact) window.location.replace('/portal/');
  }, [isContact]);

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorState title="Could not load your account" error={me.error} onRetry={() => void me.refetch()} />
      </Container>
    );
  }
  if (!me.data) return <SignInPage face="staff" />;
  if (me.data.kind === 'contact') return <FullPageLoader label="Opening the client portal" />;
  return <StaffShell me={me.data} />;
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
