import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { ticketCreateBody } from '../../../shared/schemas/tickets.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { usePatchTicket } from './api/tickets.ts';
import { PriorityBadge, StatusBadge } from './ticket-badges.tsx';

/** Number, subject (editable in place by staff who manage tickets), client and requester. */
export function TicketHeader({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Back from editing: focus returns to the button that opened it.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  return (
    <Stack gap={6}>
      {editing ? (
        <SubjectForm ticket={ticket} onDone={() => setEditing(false)} />
      ) : (
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <Title order={1} style={{ overflowWrap: 'anywhere', minWidth: 0 }} data-testid="ticket-title">
            <Text span inherit c="dimmed" me={8}>
              {ticket.number}
            </Text>
            <span dir="auto">{ticket.subject}</span>
          </Title>
          {ticket.can.manage ? (
            <Button
              ref={editButton}
              size="xs"
              variant="subtle"
              mt={6}
              onClick={() => setEditing(true)}
              aria-label={t('staffApp:tickets.header.editSubject')}
              data-testid="edit-subject"
              style={{ flexShrink: 0 }}
            >
              {t('staffApp:tickets.header.edit')}
            </Button>
          ) : null}
        </Group>
      )}
      <Group gap="xs" wrap="wrap">
        <StatusBadge status={ticket.status} />
        <PriorityBadge priority={ticket.priority} />
        <Text size="sm">
          {t('staffApp:tickets.header.for')}{' '}
          <Anchor
            component={Link}
            to={`/staff/clients/${ticket.clientId}`}
            fw={600}
            dir="auto"
            data-testid="ticket-client"
          >
            {ticket.clientName}
          </Anchor>
          {ticket.requesterName ? (
            <>
              {t('staffApp:tickets.header.requestedBy')}{' '}
              <Text span fw={600} inherit dir="auto" data-testid="ticket-requester">
                {ticket.requesterName}
              </Text>
            </>
          ) : (
            t('staffApp:tickets.header.noRequester')
          )}
        </Text>
      </Group>
    </Stack>
  );
}

function SubjectForm({ ticket, onDone }: { ticket: TicketDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [subject, setSubject] = useState(ticket.subject);
  const patch = usePatchTicket(ticket.id);
  const fieldError = patch.error instanceof ApiError ? patch.error.fields.subject : undefined;
  const problem = subject.trim() === '' ? t('staffApp:tickets.form.subjectMissing') : null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (problem) return;
    if (subject.trim() === ticket.subject) {
      onDone();
      return;
    }
    patch.mutate({ patch: { subject: subject.trim() } }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('staffApp:tickets.header.editSubject')} noValidate>
      <Group gap="xs" align="flex-start" wrap="wrap">
        <LimitedTextInput
          label={t('staffApp:tickets.form.subject')}
          value={subject}
          dir="auto"
          onChange={(e) => setSubject(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onDone();
            }
          }}
          maxLength={maxLengthOf(ticketCreateBody.shape.subject)}
          error={problem ?? fieldError ?? (patch.isError ? errorMessage(patch.error) : undefined)}
          description={t('staffApp:tickets.header.subjectHint')}
          autoFocus
          style={{ flex: '1 1 320px' }}
          data-testid="subject-input"
        />
        <Group gap="xs" mt={{ base: 0, xs: 46 }}>
          <Button type="submit" size="sm" loading={patch.isPending} data-testid="subject-save">
            {t('staffApp:actions.save')}
          </Button>
          <Button size="sm" variant="default" onClick={onDone}>
            {t('staffApp:actions.cancel')}
          </Button>
        </Group>
      </Group>
    </form>
  );
}
