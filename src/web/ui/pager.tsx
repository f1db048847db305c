import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function Pager({
  page,
  hasPrevious,
  nextCursor,
  onPrevious,
  onNext,
  label,
}: {
  page: number;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  label: string;
}) {
  const { t } = useTranslation();
  if (!hasPrevious && !nextCursor) return null;
  return (
    <Group justify="space-between" mt="md" component="nav" aria-label={label}>
      <Button
        variant="default"
        size="xs"
        disabled={!hasPrevious}
        onClick={onPrevious}
        data-testid="page-previous"
      >
        {t('ui:pager.previous')}
      </Button>
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('ui:pager.page', { page })}
      </Text>
      <Button
        variant="default"
        size="xs"
        disabled={!nextCursor}
        onClick={() => nextCursor && onNext(nextCursor)}
        data-testid="page-next"
      >
        {t('ui:pager.next')}
      </Button>
    </Group>
  );
}
