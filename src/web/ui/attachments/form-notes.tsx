import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Beside a form's submit button while its attachments upload (the button is held until they finish). */
export function UploadsWaiting() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" role="status">
      {t('ui:attachments.waiting')}
    </Text>
  );
}

/** What the server said about a form's attachments (an expired upload, say); nothing when all is well. */
export function AttachmentsError({ error }: { error?: string | null }) {
  return error ? (
    <Text size="sm" c="red" role="alert">
      {error}
    </Text>
  ) : null;
}
