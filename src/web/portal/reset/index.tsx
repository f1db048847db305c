import { ForgotPasswordPage } from '../../ui/account/forgot-password-page.tsx';
import { ResetPasswordPage } from '../../ui/account/reset-password-page.tsx';

export function PortalForgotPasswordPage() {
  return <ForgotPasswordPage face="portal" />;
}

export function PortalResetPasswordPage() {
  return <ResetPasswordPage face="portal" />;
}
