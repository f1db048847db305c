import { useTranslation } from 'react-i18next';
import { ConfirmEmailPage } from '../../ui/account/confirm-email-page.tsx';
import { ProfileSections } from '../../ui/account/profile-sections.tsx';
import { PageHeader } from '../../ui/states.tsx';

/** /staff/profile: the staff user's own account. */
export function StaffProfilePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('staffApp:profile.title')}>{t('staffApp:profile.intro')}</PageHeader>
      <ProfileSections />
    </>
  );
}

/** /staff/confirm-email?token=…: opened from the email sent to a new address. Works signed out too. */
export function StaffConfirmEmailPage() {
  return <ConfirmEmailPage face="staff" />;
}
