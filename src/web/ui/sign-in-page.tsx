import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isMfaChallenge, useLogin, useMfaLogin, useSessionNotice } from '../api/auth.ts';
import { ApiError, errorMessage } from '../api/client.ts';
import { AuthLayout } from './auth-layout.tsx';
import { useBrandingContext } from './branding-context.ts';

export type Face = 'staff' | 'portal';

/** The sign-in form; both faces use it, each in its own words. */
export function SignInPage({ face }: { face: Face }) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const notice = useSessionNotice();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});

  const brandName = face === 'portal' ? branding.portalName : branding.organisationName;
  const ownTitle = branding.loginTitle.trim();
  const title =
    ownTitle ||
    (face === 'portal'
      ? t('ui:signIn.portalTitle', { name: branding.portalName })
      : t('ui:signIn.staffTitle'));
  const fields = login.error instanceof ApiError ? login.error.fields : {};

  const [challenge, setChallenge] = useState<string | null>(null);
  const [restartReason, setRestartReason] = useState<string | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const nextMissing = {
      ...(email.trim() ? {} : { email: t('ui:signIn.enterEmail') }),
      ...(password ? {} : { password: t('ui:signIn.enterPassword') }),
    };
    setMissing(nextMissing);
    setRestartReason(null);
    if (Object.keys(nextMissing).length > 0) return;
    login.mutate(
      { email: email.trim(), password, remember },
      {
        onSuccess: (response) => {
          if (isMfaChallenge(response)) setChallenge(response.challengeToken);
        },
      },
    );
  };

  if (challenge) {
    return (
      <CodeStep
        brandName={brandName}
        challengeToken={challenge}
        onRestart={(reason) => {
          setChallenge(null);
          setPassword('');
          login.reset();
          setRestartReason(reason);
        }}
      />
    );
  }

  return (
    <AuthLayout brandName={brandName}>
      <form onSubmit={onSubmit} noValidate aria-labelledby="sign-in-title">
        <Stack gap="md">
          <div>
            <Title
              order={1}
              id="sign-in-title"
              data-testid="sign-in-title"
              dir={ownTitle ? 'auto' : undefined}
            >
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {face === 'portal'
                ? t('ui:signIn.portalOf', { name: branding.organisationName })
                : t('ui:signIn.staffOf', { name: branding.organisationName })}
            </Text>
          </div>

          {branding.setupRequired ? (
            <Alert color="yellow" title={t('ui:signIn.notSetUp')} data-testid="setup-required">
              <Text size="sm">
                {t('ui:signIn.notSetUpBody')}{' '}
                <Anchor href="/setup" fw={600}>
                  {t('ui:signIn.setUp')}
                </Anchor>
              </Text>
            </Alert>
          ) : null}

          {notice && !login.isError ? (
            <Alert color="blue" title={t('ui:signIn.signedOut')} role="status">
              {notice}
            </Alert>
          ) : null}

          {login.isError || restartReason ? (
            <Alert color="red" title={t('ui:signIn.failed')} role="alert" data-testid="sign-in-error">
              {login.isError ? errorMessage(login.error) : restartReason}
            </Alert>
          ) : null}

          <TextInput
            label={t('ui:signIn.email')}
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
            label={t('ui:signIn.password')}
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={missing.password ?? fields.password}
            data-testid="sign-in-password"
          />
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Checkbox
              label={t('ui:signIn.remember')}
              name="remember"
              checked={remember}
              onChange={(event) => setRemember(event.currentTarget.checked)}
              data-testid="sign-in-remember"
            />
            <Anchor href={`/${face}/forgot-password`} size="sm" data-testid="forgot-password">
              {t('ui:signIn.forgot')}
            </Anchor>
          </Group>
          <Button
            type="submit"
            fullWidth
            loading={login.isPending}
            disabled={login.isPending}
            data-testid="sign-in-submit"
          >
            {t('ui:signIn.submit')}
          </Button>
          {face === 'staff' ? (
            <Text size="sm" c="dimmed" ta="center">
              {t('ui:signIn.lookingForPortal')}{' '}
              <Anchor href="/portal/" underline="always">
                {t('ui:signIn.goTo', { name: branding.portalName })}
              </Anchor>
            </Text>
          ) : null}
        </Stack>
      </form>
    </AuthLayout>
  );
}

/**
 * The second step when two-factor authentication is on: a code from the app, or a backup code. Too
 * many wrong codes (or a step left open too long) start the sign-in over.
 */
function CodeStep({
  brandName,
  challengeToken,
  onRestart,
}: {
  brandName: string;
  challengeToken: string;
  onRestart: (reason: string | null) => void;
}) {
  const { t } = useTranslation();
  const verify = useMfaLogin();
  const [backup, setBackup] = useState(false);
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState<string | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.trim();
    if (!value) {
      setMissing(backup ? t('ui:mfaStep.enterBackup') : t('ui:mfaStep.enterCode'));
      return;
    }
    setMissing(null);
    verify.mutate(
      { challengeToken, code: value },
      {
        onError: (error) => {
          // The challenge is spent (too many wrong codes, or expired): back to the password.
          if (error instanceof ApiError && error.code === 'unauthenticated') onRestart(error.message);
          else setCode('');
        },
      },
    );
  };

  return (
    <AuthLayout brandName={brandName}>
      <form onSubmit={onSubmit} noValidate aria-labelledby="code-step-title">
        <Stack gap="md" data-testid="mfa-step">
          <div>
            <Title order={1} id="code-step-title">
              {t('ui:mfaStep.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {backup ? t('ui:mfaStep.backupHint') : t('ui:mfaStep.codeHint')}
            </Text>
          </div>
          {verify.isError ? (
            <Alert color="red" title={t('ui:mfaStep.notYet')} role="alert" data-testid="mfa-error">
              {errorMessage(verify.error)}
            </Alert>
          ) : null}
          <TextInput
            key={backup ? 'backup' : 'totp'}
            label={backup ? t('ui:mfaStep.backupCode') : t('ui:mfaStep.appCode')}
            name={backup ? 'backup-code' : 'code'}
            autoComplete="one-time-code"
            inputMode={backup ? 'text' : 'numeric'}
            autoCapitalize="off"
            spellCheck={false}
            maxLength={backup ? 20 : 7}
            autoFocus
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={missing}
            data-testid="mfa-code"
          />
          <Button type="submit" fullWidth loading={verify.isPending} data-testid="mfa-submit">
            {t('ui:mfaStep.submit')}
          </Button>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setBackup((b) => !b);
                setCode('');
                setMissing(null);
                verify.reset();
              }}
              data-testid="mfa-toggle-backup"
            >
              {backup ? t('ui:mfaStep.useApp') : t('ui:mfaStep.useBackup')}
            </Anchor>
            <Anchor component="button" type="button" size="sm" onClick={() => onRestart(null)}>
              {t('ui:mfaStep.startOver')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
