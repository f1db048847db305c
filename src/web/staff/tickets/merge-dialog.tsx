import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { ticketQuery, useMergeTicket } from './api/tickets.ts';
import { parseTicketNumber } from './ticket-format.ts';

/**
 * "Merge into…": enter the other ticket's number, see both subjects, confirm. This ticket is then closed
 * as merged and the page moves to the other one.
 */
export function MergeButton({ ticket }: { ticket: TicketDetail }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="default" onClick={open} data-testid="merge-open">
        Merge into…
      </Button>
      <Modal opened={opened} onClose={close} title={`Merge ${ticket.number} into another ticket`} size="lg">
        {opened ? <MergeForm ticket={ticket} onCancel={close} /> : null}
      </Modal>
    </>
  );
}

function MergeForm({ ticket, onCancel }: { ticket: TicketDetail; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const merge = useMergeTicket(ticket.id);
  const [number, setNumber] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [finding, setFinding] = useState(false);
  const [target, setTarget] = useState<TicketDetail | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const backRef = useRef<HTMLButtonElement>(null);

  // Once the other ticket is found, focus moves to the confirmation.
  useEffect(() => {
    if (!target) return;
    if (target.clientId === ticket.clientId) confirmRef.current?.focus();
    else backRef.current?.focus();
  }, [target, ticket.clientId]);

  const find = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    const id = parseTicketNumber(number);
    if (id === null) {
      setProblem('Enter a ticket number, like 42 or #42');
      return;
    }
    if (id === ticket.id) {
      setProblem('That is this ticket. Enter the number of the ticket to merge it into.');
      return;
    }
    setFinding(true);
    try {
      const other = await queryClient.fetchQuery({ ...ticketQuery(id), staleTime: 0 });
      if (other.mergedIntoId !== null) {
        setProblem(
          `#${other.id} was itself merged into #${other.mergedIntoId}; merge into that one instead.`,
        );
      } else {
        setTarget(other);
      }
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 404
          ? `There is no ticket #${id}.`
          : errorMessage(error),
      );
    } finally {
      setFinding(false);
    }
  };

  if (target) {
    const otherClient = target.clientId !== ticket.clientId;
    return (
      <Stack gap="md" data-testid="merge-confirm-step">
        <Text size="sm">Merge this ticket</Text>
        <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="merge-source">
          {ticket.number} {ticket.subject}
        </Text>
        <Text size="sm">into</Text>
        <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="merge-target">
          {target.number} {target.subject}
        </Text>
        <Text size="sm" c="dimmed">
          {target.clientName}
          {target.requesterName ? `, requested by ${target.requesterName}` : ''}
        </Text>
        {otherClient ? (
          <Alert color="orange" title="These tickets cannot be merged" data-testid="merge-other-client">
            {ticket.number} is for {ticket.clientName} and {target.number} for {target.clientName}. Only
            tickets of the same client can be merged.
          </Alert>
        ) : (
          <Text size="sm">
            {ticket.number} will be closed and marked as merged. Its conversation, attachments, time and
            watchers move to {target.number}, where work carries on. This cannot be undone.
          </Text>
        )}
        {merge.isError ? (
          <Alert color="red" role="alert" title="Not merged">
            {(merge.error instanceof ApiError ? merge.error.fields.intoTicketId : undefined) ??
              errorMessage(merge.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button ref={backRef} variant="default" onClick={() => setTarget(null)}>
            Back
          </Button>
          <Button
            ref={confirmRef}
            disabled={otherClient}
            color="red"
            loading={merge.isPending}
            onClick={() => {
              // mutateAsync: this dialog unmounts as soon as the ticket reloads as merged.
              merge
                .mutateAsync(target.id)
                .then(() => navigate(`/staff/tickets/${target.id}`))
                .catch(() => {
                  // Shown from merge.error while the dialog is open.
                });
            }}
            data-testid="merge-confirm"
          >
            Merge into {target.number}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={(e) => void find(e)} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Use this when the same request came in twice. You will see both tickets before anything changes.
        </Text>
        <TextInput
          label="Number of the ticket to merge into"
          placeholder="#42"
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          error={problem}
          inputMode="numeric"
          data-autofocus
          data-testid="merge-number"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={finding} data-testid="merge-find">
            Find ticket
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
