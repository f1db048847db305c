import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ticketQueueViewLabels, ticketQueueViews, ticketViewBody } from '../../../shared/schemas/tickets.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useDeleteView, useSavedViews, useSaveView } from './api/tickets.ts';
import {
  defaultQueueState,
  fromSavedFilters,
  matchesSavedFilters,
  type QueueState,
  queueSearchString,
  toSavedFilters,
} from './queue-filters.ts';

/** A link that looks like a segmented button and says which one is current (aria-current and shape). */
function ViewLink({
  to,
  active,
  label,
  testId,
}: {
  to: string;
  active: boolean;
  label: string;
  testId: string;
}) {
  return (
    <Button
      component={Link}
      to={to}
      size="xs"
      variant={active ? 'filled' : 'default'}
      aria-current={active ? 'page' : undefined}
      data-testid={testId}
      data-active={active || undefined}
    >
      {label}
    </Button>
  );
}

/** The built-in views and the person's saved views, with "Save view" and "Delete view". */
export function QueueViews({ state, onMessage }: { state: QueueState; onMessage: (m: string) => void }) {
  const views = useSavedViews();
  const activeSaved = (views.data?.items ?? []).find((v) => matchesSavedFilters(state, v.filters)) ?? null;
  const remove = useDeleteView();

  return (
    <Stack gap="xs" mb="md">
      <Group gap={6} component="nav" aria-label="Ticket queues" data-testid="queue-views">
        {ticketQueueViews.map((view) => (
          <ViewLink
            key={view}
            to={`/staff/tickets${queueSearchString({ ...defaultQueueState, view, sort: state.sort })}`}
            active={state.view === view}
            label={ticketQueueViewLabels[view]}
            testId={`view-${view}`}
          />
        ))}
      </Group>
      <Group gap={6} wrap="wrap" align="center">
        <Text size="sm" c="dimmed" id="saved-views-label">
          Your views:
        </Text>
        {views.isPending ? (
          <Text size="sm" c="dimmed">
            Loading…
          </Text>
        ) : views.isError ? (
          <Text size="sm" c="red">
            Could not load your saved views. {errorMessage(views.error)}
          </Text>
        ) : views.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            none yet. Set the filters below, then save them as a view.
          </Text>
        ) : (
          <Group gap={6} component="nav" aria-labelledby="saved-views-label" data-testid="saved-views">
            {views.data.items.map((v) => (
              <ViewLink
                key={v.id}
                to={`/staff/tickets${queueSearchString(fromSavedFilters(v.filters, state.sort))}`}
                active={v.id === activeSaved?.id}
                label={v.name}
                testId={`saved-view-${v.id}`}
              />
            ))}
          </Group>
        )}
        <SaveViewButton state={state} alreadySaved={activeSaved !== null} onSaved={onMessage} />
        {activeSaved ? (
          <ConfirmButton
            label="Delete view"
            title={`Delete the view “${activeSaved.name}”?`}
            message="The view disappears from your list. No ticket is changed."
            confirmLabel="Delete view"
            danger
            pending={remove.isPending}
            error={remove.error}
            onConfirm={(done) => {
              const name = activeSaved.name;
              // mutateAsync: this button unmounts once the list no longer holds the view.
              remove
                .mutateAsync(activeSaved.id)
                .then(() => {
                  done();
                  onMessage(`The view “${name}” was deleted.`);
                })
                .catch(() => {
                  // Shown in the dialog from remove.error.
                });
            }}
            buttonProps={{ variant: 'subtle' }}
            testId="delete-view"
          />
        ) : null}
      </Group>
    </Stack>
  );
}

function SaveViewButton({
  state,
  alreadySaved,
  onSaved,
}: {
  state: QueueState;
  alreadySaved: boolean;
  onSaved: (m: string) => void;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const save = useSubmitOnce(useSaveView());
  const fieldError = save.error instanceof ApiError ? (save.error.fields.name ?? null) : null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(
      { name: name.trim(), filters: toSavedFilters(state) },
      {
        onSuccess: (view) => {
          close();
          setName('');
          onSaved(`Saved the view “${view.name}”. It is listed under “Your views”.`);
        },
      },
    );
  };

  return (
    <>
      <Button
        size="xs"
        variant="subtle"
        onClick={() => {
          save.reset();
          open();
        }}
        disabled={alreadySaved}
        title={alreadySaved ? 'These filters are already saved as a view' : undefined}
        data-testid="save-view"
      >
        Save view
      </Button>
      <Modal opened={opened} onClose={close} title="Save these filters as a view">
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <Text size="sm">
              The view keeps the queue and filters you have set now. Only you see your views.
            </Text>
            <LimitedTextInput
              label="Name"
              description="For example “Critical at Acme”"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={maxLengthOf(ticketViewBody.shape.name)}
              required
              data-autofocus
              error={fieldError}
              data-testid="save-view-name"
            />
            {save.isError && !fieldError ? (
              <Alert color="red" role="alert">
                {errorMessage(save.error)}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={save.isPending}
                disabled={!name.trim()}
                data-testid="save-view-confirm"
              >
                Save view
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
