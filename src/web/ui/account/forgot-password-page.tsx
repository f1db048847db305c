import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useRequestPasswordReset } from '../../api/password-reset.ts';
import { AuthLayout } from '../auth-layout.tsx';
import { useBrandingContext } from '../branding-context.ts';
import { PageLink } from './link-problem.tsx';

export type Face = 'portal' | 'staff';

export const signInHref: Record<Face, string> = { portal: '/portal/', staff: '/staff/' };

export function brandNameFor(face: Face, branding: { portalName: string; organisationName: string }): string {
  return face === 'portal' ? branding.portalName : branding.organisationName;
}

/** "Forgot password?": asks for the email and always answers the same, known address or not. */
export function ForgotPasswordPage({ face }: { face: Face }) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const fields = request.error instanceof ApiError ? request.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim()) {
      setMissing(t('ui:forgot.enterEmail'));
      return;
    }
    setMissing(null);
    request.mutate({ email: email.trim() });
  };

  return (
    <AuthLayout brandName={brandNameFor(face, branding)}>
      {request.isSuccess ? (
        <Stack gap="md">
          <Title order={1} size="h2">
            {t('ui:forgot.checkEmail')}
          </Title>
          <Alert color="blue" role="status" data-testid="forgot-password-sent">
            {request.data.message}
          </Alert>
          <Text size="sm" c="dimmed">
            {t('ui:forgot.nothingArrived')}
          </Text>
          <PageLink href={signInHref[face]}>{t('ui:forgot.backToSignIn')}</PageLink>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-labelledby="forgot-title">
          <Stack gap="md">
            <div>
              <Title order={1} size="h2" id="forgot-title">
                {t('ui:forgot.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('ui:forgot.body')}
              </Text>
            </div>
            {request.isError && !fields.email ? (
              <Alert color="red" role="alert" title={t('ui:forgot.notSent')}>
                {errorMessage(request.error)}
              </Alert>
            ) : null}
            <TextInput
              label={t('ui:signIn.email')}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={missing ?? fields.email}
              data-testid="forgot-email"
            />
            <Button type="submit" fullWidth loading={request.isPending} data-testid="forgot-submit">
              {t('ui:forgot.submit')}
            </Button>
            <Text size="sm" ta="center">
              <PageLink href={signInHref[face]}>{t('ui:forgot.backToSignIn')}</PageLink>
            </Text>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
