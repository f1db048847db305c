import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLogout, useRefreshMe } from '../../api/auth.ts';
import { useProfile } from '../../api/profile.ts';
import { AuthLayout } from '../auth-layout.tsx';
import { ChangePasswordForm } from './change-password-form.tsx';
import { MfaSetup } from './mfa-setup.tsx';

function SignOutLink() {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <Text size="sm" c="dimmed" ta="center">
      {t('ui:gate.notNow')}{' '}
      <Anchor component="button" type="button" onClick={() => logout.mutate()} data-testid="gate-sign-out">
        {t('ui:layout.signOut')}
      </Anchor>
    </Text>
  );
}

/** After signing in with a password someone else set: choose your own before anything else. */
export function MustChangePasswordScreen({ brandName, name }: { brandName: string; name: string }) {
  const { t } = useTranslation();
  const profile = useProfile();
  return (
    <AuthLayout brandName={brandName}>
      <Stack gap="md" data-testid="must-change-password">
        <div>
          <Title order={1} size="h2">
            {t('ui:gate.choosePassword')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('ui:gate.choosePasswordBody', { name })}
          </Text>
        </div>
        <ChangePasswordForm
          minLength={profile.data?.passwordMinLength ?? 12}
          submitLabel={t('ui:gate.saveAndContinue')}
        />
        <SignOutLink />
      </Stack>
    </AuthLayout>
  );
}

/** Two-factor authentication is required for this account and not set up yet. */
export function MfaEnrolmentScreen({ brandName, required }: { brandName: string; required: string }) {
  const { t } = useTranslation();
  const refreshMe = useRefreshMe();
  return (
    <AuthLayout brandName={brandName}>
      <Stack gap="md" data-testid="mfa-enrolment-required">
        <div>
          <Title order={1} size="h2">
            {t('ui:gate.setUpMfa')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('ui:gate.setUpMfaBody', { name: required })}
          </Text>
        </div>
        <MfaSetup onFinished={() => void refreshMe()} />
        <SignOutLink />
      </Stack>
    </AuthLayout>
  );
}
