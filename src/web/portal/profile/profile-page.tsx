import { ConfirmEmailPage } from '../../ui/account/confirm-email-page.tsx';
import { ProfileSections } from '../../ui/account/profile-sections.tsx';
import { PageHeader } from '../../ui/states.tsx';

/** /portal/profile: every contact's own profile (no permission needed beyond being signed in). */
export function PortalProfilePage() {
  return (
    <>
      <PageHeader title="Your profile">
        Your contact details, sign-in email, password, two-factor authentication, email notifications and
        where you are signed in.
      </PageHeader>
      <ProfileSections />
    </>
  );
}

/** /portal/confirm-email?token=…: opened from the email sent to a new address. Works signed out too. */
export function PortalConfirmEmailPage() {
  return <ConfirmEmailPage face="portal" />;
}
