import { Alert, Button, CopyButton, Group, List, Text } from '@mantine/core';

/** The ten backup codes, shown once: copy or download them now, they cannot be shown again. */
export function BackupCodesList({ codes, organisation }: { codes: string[]; organisation: string }) {
  const text = `${organisation} backup codes\nEach code works once, when you cannot use your authenticator app.\n\n${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'backup-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Alert color="yellow" title="Save your backup codes now" data-testid="backup-codes">
      <Text size="sm" mb="sm">
        If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Keep
        them somewhere safe, such as a password manager. They will not be shown again.
      </Text>
      <List
        size="sm"
        ff="monospace"
        listStyleType="none"
        spacing={4}
        style={{ columnCount: 2, columnGap: '2rem' }}
        aria-label="Backup codes"
      >
        {codes.map((code) => (
          <List.Item key={code} data-testid="backup-code">
            {code}
          </List.Item>
        ))}
      </List>
      <Group mt="md" gap="sm">
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" variant="default" onClick={download}>
          Download as a text file
        </Button>
      </Group>
    </Alert>
  );
}
