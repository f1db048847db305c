import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { isolate } from '../isolate.ts';
import { ticketQuery, useMergeTicket } from './api/tickets.ts';
import { parseTicketNumber } from './ticket-format.ts';

/**
 * "Merge into…": enter the other ticket's number, see both subjects, confirm. This ticket is then closed
 * as merged and the page moves to the other one.
 */
export function MergeButton({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="default" onClick={open} data-testid="merge-open">
        {t('staffApp:tickets.merge.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('staffApp:tickets.merge.title', { number: ticket.number })}
        size="lg"
      >
        {opened ? <MergeForm ticket={ticket} onCancel={close} /> : null}
      </Modal>
    </>
  );
}

function MergeForm({ ticket, onCancel }: { ticket: TicketDetail; onCancel: () => void }) {
  const { t } = useTranslation();
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
      setProblem(t('staffApp:tickets.merge.numberMissing'));
      return;
    }
    if (id === ticket.id) {
      setProblem(t('staffApp:tickets.merge.sameTicket'));
      return;
    }
    setFinding(true);
    try {
      const other = await queryClient.fetchQuery({ ...ticketQuery(id), staleTime: 0 });
      if (other.mergedIntoId !== null) {
        setProblem(t('staffApp:tickets.merge.alreadyMerged', { id: other.id, into: other.mergedIntoId }));
      } else {
        setTarget(other);
      }
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 404
          ? t('staffApp:tickets.merge.noSuchTicket', { id })
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
        <Text size="sm">{t('staffApp:tickets.merge.source')}</Text>
        <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="merge-source">
          {ticket.number} <bdi>{ticket.subject}</bdi>
        </Text>
        <Text size="sm">{t('staffApp:tickets.merge.into')}</Text>
        <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="merge-target">
          {target.number} <bdi>{target.subject}</bdi>
        </Text>
        <Text size="sm" c="dimmed">
          {target.requesterName ? (
            t('staffApp:tickets.merge.clientAndRequester', {
              client: isolate(target.clientName),
              requester: isolate(target.requesterName),
            })
          ) : (
            <bdi>{target.clientName}</bdi>
          )}
        </Text>
        {otherClient ? (
          <Alert
            color="orange"
            title={t('staffApp:tickets.merge.otherClientTitle')}
            data-testid="merge-other-client"
          >
            {t('staffApp:tickets.merge.otherClientText', {
              number: ticket.number,
              client: isolate(ticket.clientName),
              target: target.number,
              targetClient: isolate(target.clientName),
            })}
          </Alert>
        ) : (
          <Text size="sm">
            {t('staffApp:tickets.merge.explain', { number: ticket.number, target: target.number })}
          </Text>
        )}
        {merge.isError ? (
          <Alert color="red" role="alert" title={t('staffApp:tickets.merge.failed')}>
            {(merge.error instanceof ApiError ? merge.error.fields.intoTicketId : undefined) ??
              errorMessage(merge.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button ref={backRef} variant="default" onClick={() => setTarget(null)}>
            {t('staffApp:actions.back')}
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
            {t('staffApp:tickets.merge.confirm', { target: target.number })}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={(e) => void find(e)} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('staffApp:tickets.merge.intro')}</Text>
        <TextInput
          label={t('staffApp:tickets.merge.number')}
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
            {t('staffApp:actions.cancel')}
          </Button>
          <Button type="submit" loading={finding} data-testid="merge-find">
            {t('staffApp:tickets.merge.find')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
