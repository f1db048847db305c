import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ticketQueueViews, ticketViewBody } from '../../../shared/schemas/tickets.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { isolate } from '../isolate.ts';
import { useDeleteView, useSavedViews, useSaveView } from './api/tickets.ts';
import { queueViewKeys } from './labels.ts';
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
  own,
}: {
  to: string;
  active: boolean;
  label: string;
  testId: string;
  /** A saved view's name is the person's own text. */
  own?: boolean;
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
      {own ? <bdi>{label}</bdi> : label}
    </Button>
  );
}

/** The built-in views and the person's saved views, with "Save view" and "Delete view". */
export function QueueViews({ state, onMessage }: { state: QueueState; onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const views = useSavedViews();
  const activeSaved = (views.data?.items ?? []).find((v) => matchesSavedFilters(state, v.filters)) ?? null;
  const remove = useDeleteView();

  return (
    <Stack gap="xs" mb="md">
      <Group
        gap={6}
        component="nav"
        aria-label={t('staffApp:tickets.counts.title')}
        data-testid="queue-views"
      >
        {ticketQueueViews.map((view) => (
          <ViewLink
            key={view}
            to={`/staff/tickets${queueSearchString({ ...defaultQueueState, view, sort: state.sort })}`}
            active={state.view === view}
            label={t(queueViewKeys[view])}
            testId={`view-${view}`}
          />
        ))}
      </Group>
      <Group gap={6} wrap="wrap" align="center">
        <Text size="sm" c="dimmed" id="saved-views-label">
          {t('staffApp:tickets.views.yours')}
        </Text>
        {views.isPending ? (
          <Text size="sm" c="dimmed">
            {t('staffApp:actions.loading')}
          </Text>
        ) : views.isError ? (
          <Text size="sm" c="red">
            {t('staffApp:tickets.views.loadError', { reason: errorMessage(views.error) })}
          </Text>
        ) : views.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('staffApp:tickets.views.noneYet')}
          </Text>
        ) : (
          <Group gap={6} component="nav" aria-labelledby="saved-views-label" data-testid="saved-views">
            {views.data.items.map((v) => (
              <ViewLink
                key={v.id}
                to={`/staff/tickets${queueSearchString(fromSavedFilters(v.filters, state.sort))}`}
                active={v.id === activeSaved?.id}
                label={v.name}
                own
                testId={`saved-view-${v.id}`}
              />
            ))}
          </Group>
        )}
        <SaveViewButton state={state} alreadySaved={activeSaved !== null} onSaved={onMessage} />
        {activeSaved ? (
          <ConfirmButton
            label={t('staffApp:tickets.views.delete')}
            title={t('staffApp:tickets.views.deleteTitle', { name: isolate(activeSaved.name) })}
            message={t('staffApp:tickets.views.deleteText')}
            confirmLabel={t('staffApp:tickets.views.delete')}
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
                  onMessage(t('staffApp:tickets.views.deleted', { name: isolate(name) }));
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
  const { t } = useTranslation();
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
          onSaved(t('staffApp:tickets.views.saved', { name: isolate(view.name) }));
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
        title={alreadySaved ? t('staffApp:tickets.views.alreadySaved') : undefined}
        data-testid="save-view"
      >
        {t('staffApp:tickets.views.save')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('staffApp:tickets.views.saveTitle')}>
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <Text size="sm">{t('staffApp:tickets.views.saveText')}</Text>
            <LimitedTextInput
              label={t('staffApp:tickets.views.name')}
              description={t('staffApp:tickets.views.nameHint')}
              dir="auto"
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
                {t('staffApp:actions.cancel')}
              </Button>
              <Button
                type="submit"
                loading={save.isPending}
                disabled={!name.trim()}
                data-testid="save-view-confirm"
              >
                {t('staffApp:tickets.views.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
