import { Alert, Button, CopyButton, Group, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The ten backup codes, shown once: copy or download them now, they cannot be shown again. */
export function BackupCodesList({ codes, organisation }: { codes: string[]; organisation: string }) {
  const { t } = useTranslation();
  const text = `${t('ui:backupCodes.fileTitle', { name: organisation })}\n${t('ui:backupCodes.fileHint')}\n\n${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'backup-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Alert color="yellow" title={t('ui:backupCodes.title')} data-testid="backup-codes">
      <Text size="sm" mb="sm">
        {t('ui:backupCodes.body')}
      </Text>
      <List
        size="sm"
        ff="monospace"
        listStyleType="none"
        spacing={4}
        style={{ columnCount: 2, columnGap: '2rem' }}
        aria-label={t('ui:backupCodes.list')}
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
              {copied ? t('ui:backupCodes.copied') : t('ui:backupCodes.copy')}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" variant="default" onClick={download}>
          {t('ui:backupCodes.download')}
        </Button>
      </Group>
    </Alert>
  );
}
