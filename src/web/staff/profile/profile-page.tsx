import { ConfirmEmailPage } from '../../ui/account/confirm-email-page.tsx';
import { ProfileSections } from '../../ui/account/profile-sections.tsx';
import { PageHeader } from '../../ui/states.tsx';

/** /staff/profile: the staff user's own account. */
export function StaffProfilePage() {
  return (
    <>
      <PageHeader title="Your profile">
        Your name, sign-in email, password, two-factor authentication, notifications and where you are signed
        in.
      </PageHeader>
      <ProfileSections />
    </>
  );
}

/** /staff/confirm-email?token=…: opened from the email sent to a new address. Works signed out too. */
export function StaffConfirmEmailPage() {
  return <ConfirmEmailPage face="staff" />;
}
