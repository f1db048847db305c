import { Alert, Box, Button, FileButton, Group, Image, Stack, Text } from '@mantine/core';
import { useState } from 'react';
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
    const found = logoProblem(file);
    setProblem(found);
    if (found) return;
    upload.mutate(file, { onSuccess: () => setMessage('Logo uploaded.') });
  };

  const onRemove = () => {
    setMessage(null);
    setProblem(null);
    upload.reset();
    remove.mutate(undefined, {
      onSuccess: () => setMessage('Logo removed. The organisation name shows instead.'),
    });
  };

  return (
    <Stack gap="xs" role="group" aria-labelledby="logo-label">
      <Text size="sm" fw={500} id="logo-label">
        Logo
      </Text>
      <Text size="xs" c="dimmed">
        PNG, JPEG or WebP, up to 1 MB. Shown in the header and on the sign-in pages; without one, the name is
        shown.
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
              alt={`Current logo of ${organisationName}`}
              h={48}
              w="auto"
              maw={220}
              fit="contain"
            />
          ) : (
            <Text size="sm" c="dimmed">
              No logo
            </Text>
          )}
        </Box>
        {canEdit ? (
          <Group gap="sm">
            <FileButton
              onChange={onFile}
              accept={LOGO_TYPES.join(',')}
              disabled={busy}
              inputProps={{ 'aria-label': 'Logo file', id: 'logo-file-input' }}
            >
              {(props) => (
                <Button
                  {...props}
                  variant="light"
                  loading={upload.isPending}
                  disabled={busy}
                  data-testid="logo-upload"
                >
                  {logoUrl ? 'Replace logo' : 'Upload logo'}
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
                Remove logo
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Group>
      {failure ? (
        <Alert color="red" role="alert" title="Logo not changed" data-testid="logo-error">
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
