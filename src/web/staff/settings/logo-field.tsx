import { Alert, Box, Button, FileButton, Group, Image, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { useRemoveLogo, useUploadLogo } from './api/settings.ts';
import { LOGO_TYPES, logoProblem } from './settings-form.ts';

/** The logo uploads (or goes) at once, independent of the rest of the form. */
export function LogoField({
  logoUrl,
  organisationName,
  canEdit,
}: {
  logoUrl: string | null;
  organisationName: string;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const upload = useUploadLogo();
  const remove = useRemoveLogo();
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const busy = upload.isPending || remove.isPending;
  const failure =
    problem ??
    (upload.isError ? errorMessage(upload.error) : remove.isError ? errorMessage(remove.error) : null);

  const onFile = (file: File | null) => {
    setMessage(null);
    upload.reset();
    remove.reset();
    if (!file) return;
    const found = logoProblem(file, t);
    setProblem(found);
    if (found) return;
    upload.mutate(file, { onSuccess: () => setMessage(t('staffAdmin:settings.logo.uploaded')) });
  };

  const onRemove = () => {
    setMessage(null);
    setProblem(null);
    upload.reset();
    remove.mutate(undefined, {
      onSuccess: () => setMessage(t('staffAdmin:settings.logo.removed')),
    });
  };

  return (
    <Stack gap="xs" role="group" aria-labelledby="logo-label">
      <Text size="sm" fw={500} id="logo-label">
        {t('staffAdmin:settings.logo.label')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('staffAdmin:settings.logo.help')}
      </Text>
      <Group gap="md" align="center" wrap="wrap">
        <Box
          p="sm"
          miw={160}
          mih={72}
          bd="1px dashed var(--mantine-color-default-border)"
          style={{ borderRadius: 'var(--mantine-radius-md)', display: 'flex', alignItems: 'center' }}
          data-testid="logo-preview"
        >
          {logoUrl ? (
            <Image
              src={logoUrl}
              alt={t('staffAdmin:settings.logo.alt', { name: organisationName })}
              h={48}
              w="auto"
              maw={220}
              fit="contain"
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('staffAdmin:settings.logo.none')}
            </Text>
          )}
        </Box>
        {canEdit ? (
          <Group gap="sm">
            <FileButton
              onChange={onFile}
              accept={LOGO_TYPES.join(',')}
              disabled={busy}
              inputProps={{ 'aria-label': t('staffAdmin:settings.logo.file'), id: 'logo-file-input' }}
            >
              {(props) => (
                <Button
                  {...props}
                  variant="light"
                  loading={upload.isPending}
                  disabled={busy}
                  data-testid="logo-upload"
                >
                  {logoUrl ? t('staffAdmin:settings.logo.replace') : t('staffAdmin:settings.logo.upload')}
                </Button>
              )}
            </FileButton>
            {logoUrl ? (
              <Button
                variant="subtle"
                color="red"
                onClick={onRemove}
                loading={remove.isPending}
                disabled={busy}
                data-testid="logo-remove"
              >
                {t('staffAdmin:settings.logo.remove')}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Group>
      {failure ? (
        <Alert
          color="red"
          role="alert"
          title={t('staffAdmin:settings.logo.notChanged')}
          data-testid="logo-error"
        >
          {failure}
        </Alert>
      ) : null}
      {message ? (
        <Text size="sm" role="status" data-testid="logo-message">
          ✓ {message}
        </Text>
      ) : null}
    </Stack>
  );
}
