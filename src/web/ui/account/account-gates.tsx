import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useLogout, useRefreshMe } from '../../api/auth.ts';
import { useProfile } from '../../api/profile.ts';
import { AuthLayout } from '../auth-layout.tsx';
import { ChangePasswordForm } from './change-password-form.tsx';
import { MfaSetup } from './mfa-setup.tsx';

function SignOutLink() {
  const logout = useLogout();
  return (
    <Text size="sm" c="dimmed" ta="center">
      Not now?{' '}
      <Anchor component="button" type="button" onClick={() => logout.mutate()} data-testid="gate-sign-out">
        Sign out
      </Anchor>
    </Text>
  );
}

/** After signing in with a password someone else set: choose your own before anything else. */
export function MustChangePasswordScreen({ brandName, name }: { brandName: string; name: string }) {
  const profile = useProfile();
  return (
    <AuthLayout brandName={brandName}>
      <Stack gap="md" data-testid="must-change-password">
        <div>
          <Title order={1} size="h2">
            Choose your own password
          </Title>
          <Text size="sm" c="dimmed">
            Welcome, {name}. The password you signed in with was set for you; choose one only you know to
            continue.
          </Text>
        </div>
        <ChangePasswordForm
          minLength={profile.data?.passwordMinLength ?? 12}
          submitLabel="Save and continue"
        />
        <SignOutLink />
      </Stack>
    </AuthLayout>
  );
}

/** Two-factor authentication is required for this account and not set up yet. */
export function MfaEnrolmentScreen({ brandName, required }: { brandName: string; required: string }) {
  const refreshMe = useRefreshMe();
  return (
    <AuthLayout brandName={brandName}>
      <Stack gap="md" data-testid="mfa-enrolment-required">
        <div>
          <Title order={1} size="h2">
            Set up two-factor authentication
          </Title>
          <Text size="sm" c="dimmed">
            {required} requires a code from an authenticator app every time you sign in. It takes a minute;
            then you can continue.
          </Text>
        </div>
        <MfaSetup onFinished={() => void refreshMe()} />
        <SignOutLink />
      </Stack>
    </AuthLayout>
  );
}
