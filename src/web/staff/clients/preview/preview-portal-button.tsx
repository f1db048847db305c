import { Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth.ts';
import { errorMessage } from '../../../api/client.ts';
import { useStartPreview } from './api.ts';

/**
 * Opens the portal, read-only, exactly as this contact sees it, in a new tab. Shown only to staff
 * allowed to preview (portal:preview).
 */
export function PreviewPortalButton(props: { clientId: number; contactId: number; name: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const start = useStartPreview();
  if (me?.kind !== 'staff' || !me.permissions.includes('portal:preview')) return null;

  const onClick = () => {
    // The tab opens now, during the click, so no pop-up blocker stops it; it goes to the portal once
    // the preview session exists.
    const tab = window.open('', '_blank');
    start.mutate(
      { clientId: props.clientId, contactId: props.contactId },
      {
        onSuccess: ({ url }) => {
          if (tab) {
            tab.opener = null;
            tab.location.href = url;
          } else {
            window.location.assign(url);
          }
        },
        onError: () => tab?.close(),
      },
    );
  };

  return (
    <Stack gap={2} align="flex-start">
      <Button
        variant="subtle"
        size="xs"
        onClick={onClick}
        loading={start.isPending}
        aria-label={t('staffAdmin:preview.buttonNamed', { name: props.name })}
        data-testid={`preview-portal-${props.contactId}`}
      >
        {t('staffAdmin:preview.button')}
      </Button>
      {start.isError ? (
        <Text size="xs" c="red" role="alert">
          {errorMessage(start.error)}
        </Text>
      ) : null}
    </Stack>
  );
}
