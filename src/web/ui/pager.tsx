import { Button, Group, Text } from '@mantine/core';

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
        Previous
      </Button>
      <Text size="sm" c="dimmed" aria-live="polite">
        Page {page}
      </Text>
      <Button
        variant="default"
        size="xs"
        disabled={!nextCursor}
        onClick={() => nextCursor && onNext(nextCursor)}
        data-testid="page-next"
      >
        Next
      </Button>
    </Group>
  );
}
