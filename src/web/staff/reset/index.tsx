// The reset pages are the same on both faces, in each face's own words and branding (web/ui/account).
import { ForgotPasswordPage } from '../../ui/account/forgot-password-page.tsx';
import { ResetPasswordPage } from '../../ui/account/reset-password-page.tsx';

export function StaffForgotPasswordPage() {
  return <ForgotPasswordPage face="staff" />;
}

export function StaffResetPasswordPage() {
  return <ResetPasswordPage face="staff" />;
}
