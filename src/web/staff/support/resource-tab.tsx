import { Alert, Button, Group, Modal, type ModalProps, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { FormButtons, SaveError } from './parts.tsx';

/** What an editor dialog is open for: a new item, or an existing one. */
export type Editing<T> = { kind: 'new' } | { kind: 'edit'; item: T };

/** Which editor is open (null: none), and the ways to open and close it. */
export function useEditing<T>() {
  const [editing, setEditing] = useState<Editing<T> | null>(null);
  return {
    editing,
    openNew: () => setEditing({ kind: 'new' }),
    openEdit: (item: T) => setEditing({ kind: 'edit', item }),
    close: () => setEditing(null),
  };
}

/** A list query's states: loading, failed (with a retry), empty, or its data. */
export function QueryStates<T extends { items: readonly unknown[] }>({
  query,
  loadingLabel,
  errorTitle,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  loadingLabel: string;
  errorTitle: string;
  /** Shown when the list has no items. */
  empty: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <PageLoader label={loadingLabel} />;
  if (query.isError) {
    return <ErrorState title={errorTitle} error={query.error} onRetry={() => void query.refetch()} />;
  }
  return query.data.items.length === 0 ? empty : children(query.data);
}

/**
 * A tab that lists one kind of item and edits them in a dialog: what they are (`intro`) and a "New" button
 * for those who may edit, the list's states, and the editor while it is open.
 */
export function ResourceTab<T extends { items: readonly unknown[] }, Item>({
  intro,
  canEdit,
  newLabel,
  newTestId,
  query,
  loadingLabel,
  errorTitle,
  empty,
  editor,
  children,
}: {
  intro: ReactNode;
  canEdit: boolean;
  newLabel: string;
  newTestId: string;
  query: UseQueryResult<T>;
  loadingLabel: string;
  errorTitle: string;
  empty: ReactNode;
  editor: (editing: Editing<Item>, onClose: () => void) => ReactNode;
  /** The list; `edit` opens the editor for an item. */
  children: (data: T, edit: (item: Item) => void) => ReactNode;
}) {
  const { editing, openNew, openEdit, close } = useEditing<Item>();
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 320px' }}>
          {intro}
        </Text>
        {canEdit ? (
          <Button onClick={openNew} data-testid={newTestId}>
            {newLabel}
          </Button>
        ) : null}
      </Group>
      <QueryStates query={query} loadingLabel={loadingLabel} errorTitle={errorTitle} empty={empty}>
        {(data) => children(data, openEdit)}
      </QueryStates>
      {editing ? editor(editing, close) : null}
    </Stack>
  );
}

/**
 * An editor's create and update mutations: `mutation` is the one this dialog uses, `save` sends the body
 * (new) or the patch (edit) and calls `onSaved` when it worked, `clearError` forgets a failed save once the
 * person changes something.
 */
export function useSave<T extends { id: number }, Body, Patch, Created, Updated>(
  editing: Editing<T>,
  useCreate: () => UseMutationResult<Created, Error, Body>,
  useUpdate: () => UseMutationResult<Updated, Error, { id: number; patch: Patch }>,
  onSaved: () => void,
) {
  const create = useSubmitOnce(useCreate());
  const update = useUpdate();
  const mutation = editing.kind === 'edit' ? update : create;
  return {
    mutation,
    save(body: Body, patch: Patch) {
      if (editing.kind === 'edit') update.mutate({ id: editing.item.id, patch }, { onSuccess: onSaved });
      else create.mutate(body, { onSuccess: onSaved });
    },
    clearError() {
      if (mutation.isError) mutation.reset();
    },
  };
}

/**
 * The editor dialog: a form (full screen on a phone) with the fields, a failed save in words, and
 * Cancel and the submit button.
 */
export function EditDialog({
  title,
  size,
  formLabel,
  onClose,
  onSubmit,
  mutation,
  errorTitle,
  shown,
  conflictShown = false,
  needsAttention = false,
  submitLabel,
  submitTestId,
  children,
}: {
  title: string;
  size: ModalProps['size'];
  formLabel: string;
  onClose: () => void;
  /** Called on submit (the browser's own submission is prevented). */
  onSubmit: () => void;
  mutation: { isError: boolean; error: unknown; isPending: boolean };
  errorTitle: string;
  /** Field keys the form shows next to their field (see SaveError). */
  shown: readonly string[];
  conflictShown?: boolean;
  /** The form's own checks found problems (shown at the fields): say so when there is no failed save. */
  needsAttention?: boolean;
  submitLabel: string;
  submitTestId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const small = useMediaQuery('(max-width: 36em)');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal opened onClose={onClose} title={title} size={size} fullScreen={small}>
      <form onSubmit={submit} noValidate aria-label={formLabel}>
        <Stack gap="md">
          {children}
          {mutation.isError ? (
            <SaveError
              error={mutation.error}
              shown={shown}
              title={errorTitle}
              conflictShown={conflictShown}
            />
          ) : needsAttention ? (
            <Alert color="red" role="alert" title={t('staffAdmin:settings.needsAttention')}>
              {t('staffAdmin:support.seeFields')}
            </Alert>
          ) : null}
          <FormButtons
            onCancel={onClose}
            pending={mutation.isPending}
            submitLabel={submitLabel}
            testId={submitTestId}
          />
        </Stack>
      </form>
    </Modal>
  );
}
