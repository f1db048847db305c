import { useTranslation } from 'react-i18next';
import { ConfirmEmailPage } from '../../ui/account/confirm-email-page.tsx';
import { ProfileSections } from '../../ui/account/profile-sections.tsx';
import { PageHeader } from '../../ui/states.tsx';

/** /portal/profile: every contact's own profile (no permission needed beyond being signed in). */
export function PortalProfilePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('portalApp:nav.profile')}>{t('portalApp:profile.intro')}</PageHeader>
      <ProfileSections />
    </>
  );
}

/** /portal/confirm-email?token=…: opened from the email sent to a new address. Works signed out too. */
export function PortalConfirmEmailPage() {
  return <ConfirmEmailPage face="portal" />;
}
