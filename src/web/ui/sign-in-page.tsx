import { Alert, Anchor, Button, Checkbox, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useLogin, useSessionNotice } from '../api/auth.ts';
import { ApiError, errorMessage } from '../api/client.ts';
import { AuthLayout } from './auth-layout.tsx';
import { useBrandingContext } from './branding-context.ts';

export type Face = 'staff' | 'portal';

/** The sign-in form; both faces use it, each in its own words. */
export function SignInPage({ face }: { face: Face }) {
  const branding = useBrandingContext();
  const notice = useSessionNotice();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});

  const brandName = face === 'portal' ? branding.portalName : branding.organisationName;
  const title =
    branding.loginTitle.trim() || (face === 'portal' ? `Sign in to ${branding.portalName}` : 'Staff sign-in');
  const fields = login.error instanceof ApiError ? login.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const nextMissing = {
      ...(email.trim() ? {} : { email: 'Enter your email address' }),
      ...(password ? {} : { password: 'Enter your password' }),
    };
    setMissing(nextMissing);
    if (Object.keys(nextMissing).length > 0) return;
    login.mutate({ email: email.trim(), password, remember });
  };

  return (
    <AuthLayout brandName={brandName}>
      <form onSubmit={onSubmit} noValidate aria-labelledby="sign-in-title">
        <Stack gap="md">
          <div>
            <Title order={1} id="sign-in-title" data-testid="sign-in-title">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {face === 'portal'
                ? `Client portal of ${branding.organisationName}`
                : `Staff app of ${branding.organisationName}`}
            </Text>
          </div>

          {branding.setupRequired ? (
            <Alert color="yellow" title="Portico is not set up yet" data-testid="setup-required">
              <Text size="sm">
                Nobody can sign in until the first owner account exists.{' '}
                <Anchor href="/setup" fw={600}>
                  Set up Portico
                </Anchor>
              </Text>
            </Alert>
          ) : null}

          {notice && !login.isError ? (
            <Alert color="blue" title="Signed out" role="status">
              {notice}
            </Alert>
          ) : null}

          {login.isError ? (
            <Alert color="red" title="Could not sign you in" role="alert" data-testid="sign-in-error">
              {errorMessage(login.error)}
            </Alert>
          ) : null}

          <TextInput
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={missing.email ?? fields.email}
            data-testid="sign-in-email"
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={missing.password ?? fields.password}
            data-testid="sign-in-password"
          />
          <Checkbox
            label="Remember me on this device"
            name="remember"
            checked={remember}
            onChange={(event) => setRemember(event.currentTarget.checked)}
            data-testid="sign-in-remember"
          />
          <Button
            type="submit"
            fullWidth
            loading={login.isPending}
            disabled={login.isPending}
            data-testid="sign-in-submit"
          >
            Sign in
          </Button>
          {face === 'staff' ? (
            <Text size="sm" c="dimmed" ta="center">
              Looking for the client portal? <Anchor href="/portal/">Go to {branding.portalName}</Anchor>
            </Text>
          ) : null}
        </Stack>
      </form>
    </AuthLayout>
  );
}
