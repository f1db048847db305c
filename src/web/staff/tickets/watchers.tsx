import { Alert, Badge, Card, CloseButton, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { errorMessage } from '../../api/client.ts';
import { renderDataOption } from '../../ui/language-option.tsx';
import { isolate } from '../isolate.ts';
import { useAddWatcher, useAssignees, useRemoveWatcher } from './api/tickets.ts';
import { ContactPicker } from './pickers.tsx';

/**
 * Who follows the ticket by email: staff members and contacts of the ticket's client. Staff who manage
 * tickets add and remove them.
 */
export function Watchers({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const canManage = ticket.can.manage;
  const add = useAddWatcher(ticket.id);
  const remove = useRemoveWatcher(ticket.id);
  const assignees = useAssignees();
  const [status, setStatus] = useState<string | null>(null);
  const staffIds = ticket.watchers.filter((w) => w.kind === 'staff').map((w) => w.id);
  const contactIds = ticket.watchers.filter((w) => w.kind === 'contact').map((w) => w.id);
  const staffOptions = (assignees.data?.items ?? [])
    .filter((a) => !staffIds.includes(a.accountId))
    .map((a) => ({ value: String(a.accountId), label: a.name }));
  const error = add.error ?? remove.error;

  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="watchers-heading"
      data-testid="watchers"
    >
      <Title order={2} size="h4" id="watchers-heading" mb="xs">
        {t('staffApp:tickets.watchers.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('staffApp:tickets.watchers.intro')}
      </Text>
      {ticket.watchers.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          {t('staffApp:tickets.watchers.none')}
        </Text>
      ) : (
        <Stack component="ul" gap={4} p={0} m={0} mb="sm" style={{ listStyle: 'none' }}>
          {ticket.watchers.map((w) => (
            <Group key={`${w.kind}-${w.id}`} component="li" gap="xs" wrap="nowrap" justify="space-between">
              <Group gap={6} wrap="nowrap" miw={0}>
                <Text size="sm" truncate="end" dir="auto">
                  {w.name}
                </Text>
                <Badge size="xs" variant="outline" color={w.kind === 'staff' ? 'gray' : 'blue'}>
                  {w.kind === 'staff'
                    ? t('staffApp:tickets.conversation.author.staff')
                    : t('staffApp:tickets.conversation.author.contact')}
                </Badge>
              </Group>
              {canManage ? (
                <CloseButton
                  size="sm"
                  aria-label={t('staffApp:tickets.watchers.remove', { name: isolate(w.name) })}
                  disabled={remove.isPending}
                  onClick={() => {
                    add.reset();
                    remove.mutate(
                      { kind: w.kind, id: w.id },
                      {
                        onSuccess: () =>
                          setStatus(t('staffApp:tickets.watchers.removed', { name: isolate(w.name) })),
                      },
                    );
                  }}
                  data-testid={`remove-watcher-${w.kind}-${w.id}`}
                />
              ) : null}
            </Group>
          ))}
        </Stack>
      )}
      {canManage ? (
        <Stack gap="xs">
          <Select
            renderOption={renderDataOption}
            label={t('staffApp:tickets.watchers.addStaff')}
            placeholder={
              assignees.isPending
                ? t('staffApp:actions.loading')
                : t('staffApp:tickets.watchers.chooseSomeone')
            }
            data={staffOptions}
            value={null}
            onChange={(v, option) => {
              if (!v) return;
              remove.reset();
              add.mutate(
                { kind: 'staff', id: Number(v) },
                {
                  onSuccess: () =>
                    setStatus(
                      option
                        ? t('staffApp:tickets.watchers.added', { name: isolate(option.label) })
                        : t('staffApp:tickets.watchers.addedSomeone'),
                    ),
                },
              );
            }}
            searchable
            nothingFoundMessage={t('staffApp:tickets.watchers.nobodyElse')}
            disabled={add.isPending}
            data-testid="add-watcher-staff"
          />
          <ContactPicker
            label={t('staffApp:tickets.watchers.addContact', { client: isolate(ticket.clientName) })}
            placeholder={t('staffApp:tickets.pickers.searchContacts')}
            clientId={ticket.clientId}
            value={null}
            exclude={contactIds}
            onChange={(id, name) => {
              if (id === null) return;
              remove.reset();
              add.mutate(
                { kind: 'contact', id },
                {
                  onSuccess: () =>
                    setStatus(
                      name
                        ? t('staffApp:tickets.watchers.added', { name: isolate(name) })
                        : t('staffApp:tickets.watchers.addedContact'),
                    ),
                },
              );
            }}
            disabled={add.isPending}
            testId="add-watcher-contact"
          />
        </Stack>
      ) : null}
      <div aria-live="polite">
        {status && !error ? (
          <Text size="xs" c="teal" mt="xs">
            {status}
          </Text>
        ) : null}
      </div>
      {error ? (
        <Alert color="red" mt="xs" role="alert" p="xs">
          {errorMessage(error)}
        </Alert>
      ) : null}
    </Card>
  );
}
