import { Box, Button, Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { logout } from '../../api/auth.ts';
import { errorMessage, leavePreviewTab } from '../../api/client.ts';

/**
 * Shown on every portal page while a staff user previews it as a contact. It is fixed to the bottom
 * of the window, above everything, so no page can hide it; the page gets room beneath its content.
 */
export function PreviewBanner({ contactName, staffName }: { contactName: string; staffName: string }) {
  const { t } = useTranslation();
  const { ref, height } = useElementSize();
  const end = useMutation({
    // In a preview tab the logout call carries X-Portico-Preview, so it ends only the preview.
    mutationFn: logout,
    onSuccess: () => {
      leavePreviewTab();
      window.location.replace('/staff/');
    },
  });

  useEffect(() => {
    const previous = document.body.style.paddingBottom;
    document.body.style.paddingBottom = `${Math.ceil(height) + 16}px`;
    return () => {
      document.body.style.paddingBottom = previous;
    };
  }, [height]);

  return (
    <Box
      ref={ref}
      component="section"
      aria-label={t('portalApp:preview.label')}
      data-testid="preview-banner"
      pos="fixed"
      bottom={0}
      left={0}
      right={0}
      px={{ base: 'sm', sm: 'lg' }}
      py="sm"
      style={{
        zIndex: 400,
        background: 'var(--mantine-color-yellow-1)',
        borderTop: '4px solid var(--mantine-color-yellow-7)',
        color: 'var(--mantine-color-dark-9)',
      }}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Box miw={0} style={{ flex: '1 1 220px' }}>
          <Text fw={700} size="sm" data-testid="preview-banner-title">
            {t('portalApp:preview.title', { name: contactName })}
          </Text>
          <Text size="xs">
            {t('portalApp:preview.body', { name: staffName })}
            {end.isError ? ` ${t('portalApp:preview.couldNotEnd', { error: errorMessage(end.error) })}` : ''}
          </Text>
        </Box>
        <Button
          color="dark"
          size="xs"
          onClick={() => end.mutate()}
          loading={end.isPending}
          data-testid="preview-end"
        >
          {t('portalApp:preview.end')}
        </Button>
      </Group>
    </Box>
  );
}
