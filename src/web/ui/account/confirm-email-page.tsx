import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { confirmEmail } from '../../api/profile.ts';
import { AuthLayout } from '../auth-layout.tsx';
import { useBrandingContext } from '../branding-context.ts';

/**
 * Opened from the link in the "confirm your new email address" message. The token travels in the
 * query; the page sends it once (a POST), and the server spends it.
 */
export function ConfirmEmailPage({ face }: { face: 'staff' | 'portal' }) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useMutation({ mutationFn: confirmEmail });
  const sent = useRef(false);
  const home = face === 'portal' ? '/portal/' : '/staff/';

  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    confirm.mutate(token);
  }, [token, confirm]);

  return (
    <AuthLayout brandName={face === 'portal' ? branding.portalName : branding.organisationName}>
      <Stack gap="md" data-testid="confirm-email">
        <Title order={1} size="h2">
          {t('ui:confirmEmail.title')}
        </Title>
        {!token ? (
          <Alert color="red" title={t('ui:link.incomplete')} role="alert">
            {t('ui:confirmEmail.incompleteBody')}
          </Alert>
        ) : confirm.isSuccess ? (
          <Alert
            color="green"
            title={t('ui:confirmEmail.changed')}
            role="status"
            data-testid="confirm-email-done"
          >
            {t('ui:confirmEmail.signInWith', { email: confirm.data.email })}
          </Alert>
        ) : confirm.isError ? (
          <Alert
            color="red"
            title={t('ui:confirmEmail.notChanged')}
            role="alert"
            data-testid="confirm-email-error"
          >
            {errorMessage(confirm.error)}
          </Alert>
        ) : (
          <Stack align="center" gap="xs" role="status">
            <Loader aria-hidden="true" />
            <Text size="sm" c="dimmed">
              {t('ui:confirmEmail.confirming')}
            </Text>
          </Stack>
        )}
        <Anchor href={home}>
          {face === 'portal'
            ? t('ui:signIn.goTo', { name: branding.portalName })
            : t('ui:confirmEmail.goToStaff')}
        </Anchor>
      </Stack>
    </AuthLayout>
  );
}
