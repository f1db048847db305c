import { ActionIcon, Alert, Box, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';

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
  title,
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
  const { t } = useTranslation();
  if (!error || (conflictShown && error instanceof ApiError && error.code === 'conflict')) return null;
  const fields = fieldErrorsOf(error);
  const rest = Object.entries(fields).filter(([key]) => !shown.includes(key));
  const allShown = Object.keys(fields).length > 0 && rest.length === 0;
  return (
    <Alert
      color="red"
      title={title ?? t('staffAdmin:clients.overview.notSaved')}
      role="alert"
      data-testid="save-error"
    >
      <Stack gap={4}>
        <Text size="sm">{allShown ? t('staffAdmin:support.fieldsNeedAttention') : errorMessage(error)}</Text>
        {rest.length > 0 ? (
          <List size="sm">
            {rest.map(([key, message]) => (
              <List.Item key={key}>
                {t('staffAdmin:settings.problemLine', { field: labels[key] ?? key, problem: message })}
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
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel} disabled={pending}>
        {t('staffAdmin:cancel')}
      </Button>
      <Button type="submit" loading={pending} data-testid={testId}>
        {submitLabel}
      </Button>
    </Group>
  );
}

/** A card for one item of a list, headed by its name (the heading with id `headingId`). */
export function ItemCard({
  headingId,
  testId,
  gap = 'xs',
  children,
}: {
  headingId: string;
  testId: string;
  gap?: 'xs' | 'sm';
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId} data-testid={testId}>
      <Stack gap={gap}>{children}</Stack>
    </Card>
  );
}

/** A list without bullets; its items are ListRows. */
export function PlainList({
  as,
  labelledBy,
  label,
  testId,
  children,
}: {
  as: 'ol' | 'ul';
  labelledBy?: string;
  label?: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Stack
      component={as}
      gap={0}
      aria-labelledby={labelledBy}
      aria-label={label}
      data-testid={testId}
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
    >
      {children}
    </Stack>
  );
}

/** One item of a PlainList, ruled off from the next. */
export function ListRow({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <Box
      component="li"
      py="sm"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid={testId}
    >
      {children}
    </Box>
  );
}

/** A list whose order matters, under its heading, with the error of the last reordering if it failed. */
export function OrderedList({
  heading,
  headingId,
  testId,
  gap,
  order,
  children,
}: {
  heading: string;
  headingId: string;
  testId: string;
  gap: 'xs' | 'sm';
  /** The mutation that saves a new order. */
  order: { isError: boolean; error: unknown };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={gap}>
      <Title order={2} size="h4" id={headingId}>
        {heading}
      </Title>
      {order.isError ? <SaveError error={order.error} title={t('staffAdmin:support.orderNotSaved')} /> : null}
      <PlainList as="ol" labelledBy={headingId} testId={testId}>
        {children}
      </PlainList>
    </Stack>
  );
}

/** Up and down buttons that move `name` one place in an ordered list. */
export function MoveButtons({
  name,
  first,
  last,
  moving,
  onMove,
}: {
  name: string;
  first: boolean;
  last: boolean;
  moving: boolean;
  onMove: (by: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={t('staffAdmin:support.moveUp', { name })}
        disabled={first || moving}
        onClick={() => onMove(-1)}
      >
        <span aria-hidden="true">↑</span>
      </ActionIcon>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={t('staffAdmin:support.moveDown', { name })}
        disabled={last || moving}
        onClick={() => onMove(1)}
      >
        <span aria-hidden="true">↓</span>
      </ActionIcon>
    </>
  );
}

export function EditButton({ name, onEdit }: { name: string; onEdit: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      size="xs"
      variant="default"
      onClick={onEdit}
      aria-label={t('staffAdmin:contacts.editNamed', { name })}
    >
      {t('staffAdmin:contacts.edit')}
    </Button>
  );
}

/** Delete, after a confirmation that says what happens (`message`). */
export function DeleteButton<T>({
  name,
  title,
  message,
  confirmLabel,
  id,
  remove,
  testId,
}: {
  name: string;
  title?: string;
  message: string;
  confirmLabel: string;
  id: number;
  remove: UseMutationResult<T, Error, number>;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmButton
      label={t('staffAdmin:support.delete')}
      ariaLabel={t('staffAdmin:support.deleteNamed', { name })}
      title={title ?? t('staffAdmin:support.deleteTitle', { name })}
      message={message}
      confirmLabel={confirmLabel}
      danger
      pending={remove.isPending}
      error={remove.error}
      onConfirm={(done) => remove.mutate(id, { onSuccess: done })}
      testId={testId}
    />
  );
}

/** A failed change to one row (a switch, an archive button), said under it. */
export function RowError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <Text size="xs" c="red" role="alert" mt={4}>
      {error.message}
    </Text>
  );
}
