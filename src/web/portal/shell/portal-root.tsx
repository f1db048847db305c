import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactMe } from '../../../shared/schemas/auth.ts';
import { isPreviewTab, leavePreviewTab } from '../../api/client.ts';
import { AppLayout } from '../../ui/app-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { FaceGate } from '../../ui/face-gate.tsx';
import { RouteError } from '../../ui/route-error.tsx';
import { NotFound } from '../../ui/states.tsx';
import { portalNavItems } from '../navigation.ts';
import { PreviewBanner } from './preview-banner.tsx';

/** Everything under /portal: sign-in when nobody is signed in, the portal frame for contacts. */
export function PortalRoot() {
  return <FaceGate face="portal">{(me) => <PortalShell me={me} />}</FaceGate>;
}

function PortalShell({ me }: { me: ContactMe }) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const previewBy = me.previewBy;
  useEffect(() => {
    // The preview ended (or expired) and a contact signed in here: this tab is no longer a preview.
    if (!previewBy && isPreviewTab()) leavePreviewTab();
  }, [previewBy]);
  return (
    <>
      <AppLayout
        homeTo="/portal/"
        brandName={branding.portalName}
        navItems={portalNavItems(me).map((item) => ({ ...item, label: t(item.label) }))}
        person={{ name: me.name, detail: me.client.name }}
        navLabel={t('portalApp:nav.label')}
      />
      {previewBy ? <PreviewBanner contactName={me.name} staffName={previewBy} /> : null}
    </>
  );
}

export function PortalNotFound() {
  const { t } = useTranslation();
  return <NotFound homeTo="/portal/" homeLabel={t('portalApp:nav.goHome')} />;
}

/** A page that crashed (the router's errorElement): in the frame, or `framed` on its own. */
export function PortalRouteError({ framed = false }: { framed?: boolean }) {
  const { t } = useTranslation();
  return <RouteError homeTo="/portal/" homeLabel={t('portalApp:nav.goHome')} framed={framed} />;
}
