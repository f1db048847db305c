// The reset pages are the same on both faces, in each face's own words and branding; they live with
// the portal's and are shown here for staff.
import { ForgotPasswordPage } from '../../portal/reset/forgot-password-page.tsx';
import { ResetPasswordPage } from '../../portal/reset/reset-password-page.tsx';

export function StaffForgotPasswordPage() {
  return <ForgotPasswordPage face="staff" />;
}

export function StaffResetPasswordPage() {
  return <ResetPasswordPage face="staff" />;
}
