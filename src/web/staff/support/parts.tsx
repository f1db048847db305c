import { Alert, Button, Card, Group, List, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';

/**
 * The API's field errors of a failed mutation ({} when there are none). A 409 (a name or title that is
 * taken) is put at `conflictField`, where the person typed it.
 */
export function fieldErrorsOf(error: unknown, conflictField?: string): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  if (conflictField && error.code === 'conflict') return { ...error.fields, [conflictField]: error.message };
  return error.fields;
}

/**
 * A failed save in words. Errors shown at their fields are not repeated; any the form has no field for
 * are listed, with `labels` naming them.
 */
export function SaveError({
  error,
  shown = [],
  labels = {},
  title = 'Not saved',
  conflictShown = false,
}: {
  error: unknown;
  /** The form shows a 409 at its name field already. */
  conflictShown?: boolean;
  /** Field keys the form shows next to their field. */
  shown?: readonly string[];
  labels?: Record<string, string>;
  title?: string;
}) {
  if (!error || (conflictShown && error instanceof ApiError && error.code === 'conflict')) return null;
  const fields = fieldErrorsOf(error);
  const rest = Object.entries(fields).filter(([key]) => !shown.includes(key));
  const allShown = Object.keys(fields).length > 0 && rest.length === 0;
  return (
    <Alert color="red" title={title} role="alert" data-testid="save-error">
      <Stack gap={4}>
        <Text size="sm">
          {allShown ? 'Some fields need attention: see the messages by each field.' : errorMessage(error)}
        </Text>
        {rest.length > 0 ? (
          <List size="sm">
            {rest.map(([key, message]) => (
              <List.Item key={key}>
                {labels[key] ?? key}: {message}
              </List.Item>
            ))}
          </List>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** An empty list, said in words, with an optional action. */
export function EmptyState({
  title,
  children,
  action,
  testId,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <Card withBorder padding="xl" data-testid={testId}>
      <Stack gap="xs" align="flex-start">
        <Text fw={600}>{title}</Text>
        {children ? (
          <Text size="sm" c="dimmed">
            {children}
          </Text>
        ) : null}
        {action}
      </Stack>
    </Card>
  );
}

/** The row of buttons under an editing form. */
export function FormButtons({
  onCancel,
  pending,
  submitLabel,
  testId,
}: {
  onCancel: () => void;
  pending: boolean;
  submitLabel: string;
  testId?: string;
}) {
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" loading={pending} data-testid={testId}>
        {submitLabel}
      </Button>
    </Group>
  );
}
