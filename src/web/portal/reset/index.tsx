import { ForgotPasswordPage } from './forgot-password-page.tsx';
import { ResetPasswordPage } from './reset-password-page.tsx';

export function PortalForgotPasswordPage() {
  return <ForgotPasswordPage face="portal" />;
}

export function PortalResetPasswordPage() {
  return <ResetPasswordPage face="portal" />;
}
