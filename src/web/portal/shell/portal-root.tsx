import { Container } from '@mantine/core';
import { useEffect } from 'react';
import type { ContactMe } from '../../../shared/schemas/auth.ts';
import { useMe } from '../../api/auth.ts';
import { AppLayout } from '../../ui/app-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { SignInPage } from '../../ui/sign-in-page.tsx';
import { ErrorState, FullPageLoader, NotFound } from '../../ui/states.tsx';
import { portalNavItems } from '../navigation.ts';

/** Everything under /portal: sign-in when nobody is signed in, the portal frame for contacts. */
export function PortalRoot() {
  const me = useMe();
  const isStaff = me.data?.kind === 'staff';

  useEffect(() => {
    // Staff belong in the staff app; it is another page, so leave this one.
    if (isStaff) window.location.replace('/staff/');
  }, [isStaff]);

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorState title="Could not load your account" error={me.error} onRetry={() => void me.refetch()} />
      </Container>
    );
  }
  if (!me.data) return <SignInPage face="portal" />;
  if (me.data.kind === 'staff') return <FullPageLoader label="Opening the staff app" />;
  return <PortalShell me={me.data} />;
}

function PortalShell({ me }: { me: ContactMe }) {
  const branding = useBrandingContext();
  return (
    <AppLayout
      homeTo="/portal/"
      brandName={branding.portalName}
      navItems={portalNavItems(me)}
      person={{ name: me.name, detail: me.client.name }}
      navLabel="Portal navigation"
    />
  );
}

export function PortalNotFound() {
  return <NotFound homeTo="/portal/" homeLabel="Go to the portal home page" />;
}
