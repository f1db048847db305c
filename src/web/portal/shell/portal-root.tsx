import type { ContactMe } from '../../../shared/schemas/auth.ts';
import { AppLayout } from '../../ui/app-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { FaceGate } from '../../ui/face-gate.tsx';
import { NotFound } from '../../ui/states.tsx';
import { portalNavItems } from '../navigation.ts';

/** Everything under /portal: sign-in when nobody is signed in, the portal frame for contacts. */
export function PortalRoot() {
  return <FaceGate face="portal">{(me) => <PortalShell me={me} />}</FaceGate>;
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
