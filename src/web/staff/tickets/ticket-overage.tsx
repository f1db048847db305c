import { Alert, Button, Card, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverageRequest, OverageState } from '../../../shared/schemas/overage.ts';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { askOverage, clearEstimate, fetchOverage, overageKey, setEstimate } from '../../api/overage.ts';
import { type BoundFormat, useFormat } from '../../ui/i18n/use-format.ts';
import { SubmitError } from '../../ui/states.tsx';

const statusWords = {
  pending: 'staffApp:overage.status.pending',
  approved: 'staffApp:overage.status.approved',
  refused: 'staffApp:overage.status.refused',
  withdrawn: 'staffApp:overage.status.withdrawn',
} as const;

const statusColour = { pending: 'orange', approved: 'green', refused: 'red', withdrawn: 'gray' } as const;

/** Extra time as people read it: "2.5 hours", "2,5 Stunden". */
export function hoursText(format: BoundFormat, minutes: number): string {
  return format.number(minutes / 60, { style: 'unit', unit: 'hour', unitDisplay: 'long' });
}

function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fields[field] : undefined;
}

/**
 * Consent before overage on the staff ticket page (issue 14, point 8), above the conversation so it is
 * read before working on: the technician's estimate, the bank's balance, the request that stands
 * (pending since…, approved or refused by whom and when, with their comment), "Ask the client now", and
 * every request made on the ticket.
 */
export function TicketOverage({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('tickets:manage');
  const query = useQuery({
    queryKey: overageKey(ticket.id),
    queryFn: ({ signal }) => fetchOverage(ticket.id, signal),
  });
  const state = query.data;
  if (!state) return null;
  const current = state.current;
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="overage-heading"
      data-testid="ticket-overage"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="overage-heading">
          {t('staffApp:overage.title')}
        </Title>
        {state.banked ? (
          <>
            {state.balance ? (
              <Text size="sm" c="dimmed" data-testid="overage-balance">
                {state.balance.overMinutes > 0 && state.balance.remainingMinutes === 0
                  ? t('staffApp:overage.balanceOver', { hours: hoursText(format, state.balance.overMinutes) })
                  : t('staffApp:overage.balanceLeft', {
                      hours: hoursText(format, state.balance.remainingMinutes),
                    })}
              </Text>
            ) : null}
            {current ? (
              <CurrentRequest request={current} format={format} />
            ) : (
              <Text size="sm" data-testid="overage-none">
                {t('staffApp:overage.none')}
              </Text>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed" data-testid="overage-no-bank">
            {t('staffApp:overage.noBank')}
          </Text>
        )}
        {canManage ? <EstimateForm ticketId={ticket.id} state={state} /> : null}
        {canManage && state.banked ? <AskForm ticketId={ticket.id} /> : null}
        {state.history.length > 0 ? <History items={state.history} format={format} /> : null}
      </Stack>
    </Card>
  );
}

function CurrentRequest({ request, format }: { request: OverageRequest; format: BoundFormat }) {
  const { t } = useTranslation();
  const hours = hoursText(format, request.extraMinutes);
  const name = request.decidedByName ?? '';
  const text =
    request.status === 'pending'
      ? t('staffApp:overage.pending', { when: format.dateTime(request.requestedAt), hours })
      : request.status === 'approved'
        ? t('staffApp:overage.approved', { name, when: format.dateTime(request.decidedAt ?? ''), hours })
        : t('staffApp:overage.refused', { name, when: format.dateTime(request.decidedAt ?? ''), hours });
  return (
    <Alert
      color={statusColour[request.status]}
      variant="light"
      title={t(statusWords[request.status])}
      data-testid="overage-current"
      data-status={request.status}
    >
      <Stack gap={4}>
        <Text size="sm">{text}</Text>
        {request.comment ? (
          <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {request.comment}
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

function useOverageMutation<T>(ticketId: number, run: (value: T) => Promise<OverageState>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (answer) => queryClient.setQueryData(overageKey(ticketId), answer),
    onSettled: () => queryClient.invalidateQueries({ queryKey: overageKey(ticketId) }),
  });
}

function EstimateForm({ ticketId, state }: { ticketId: number; state: OverageState }) {
  const { t } = useTranslation();
  const saved = state.estimateMinutes === null ? '' : state.estimateMinutes / 60;
  const [hours, setHours] = useState<number | ''>(saved);
  useEffect(() => setHours(saved), [saved]);
  const save = useOverageMutation(ticketId, (minutes: number) => setEstimate(ticketId, minutes));
  const clear = useOverageMutation(ticketId, () => clearEstimate(ticketId));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (hours === '') clear.mutate(undefined);
    else save.mutate(Math.round(hours * 60));
  };
  return (
    <form onSubmit={submit} data-testid="overage-estimate-form">
      <Stack gap="xs">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <NumberInput
            label={t('staffApp:overage.estimateLabel')}
            value={hours}
            onChange={(v) => setHours(typeof v === 'number' ? v : '')}
            min={0}
            max={1000}
            step={0.25}
            decimalScale={2}
            allowNegative={false}
            w={160}
            error={fieldError(save.error, 'minutes')}
            data-testid="overage-estimate"
          />
          <Button
            type="submit"
            variant="default"
            loading={save.isPending}
            data-testid="overage-estimate-save"
          >
            {t('staffApp:overage.estimateSave')}
          </Button>
          {state.estimateMinutes !== null ? (
            <Button
              variant="subtle"
              color="gray"
              loading={clear.isPending}
              onClick={() => clear.mutate(undefined)}
              data-testid="overage-estimate-clear"
            >
              {t('staffApp:overage.estimateClear')}
            </Button>
          ) : null}
        </Group>
        {save.error && !fieldError(save.error, 'minutes') ? (
          <SubmitError title={t('staffApp:overage.notSaved')} error={save.error} />
        ) : null}
        {clear.error ? <SubmitError title={t('staffApp:overage.notSaved')} error={clear.error} /> : null}
      </Stack>
    </form>
  );
}

function AskForm({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState<number | ''>('');
  const ask = useOverageMutation(ticketId, (h: number) => askOverage(ticketId, h));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (hours !== '') ask.mutate(hours, { onSuccess: () => setHours('') });
  };
  return (
    <form onSubmit={submit} data-testid="overage-ask-form">
      <Stack gap="xs">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <NumberInput
            label={t('staffApp:overage.askHours')}
            value={hours}
            onChange={(v) => setHours(typeof v === 'number' ? v : '')}
            min={0.25}
            max={1000}
            step={0.25}
            decimalScale={2}
            allowNegative={false}
            w={160}
            error={fieldError(ask.error, 'hours')}
            data-testid="overage-ask-hours"
          />
          <Button type="submit" disabled={hours === ''} loading={ask.isPending} data-testid="overage-ask">
            {t('staffApp:overage.ask')}
          </Button>
        </Group>
        {ask.error && !fieldError(ask.error, 'hours') ? (
          <SubmitError title={t('staffApp:overage.notSaved')} error={ask.error} />
        ) : null}
      </Stack>
    </form>
  );
}

function History({ items, format }: { items: OverageRequest[]; format: BoundFormat }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Title order={3} size="h5" id="overage-history-heading">
        {t('staffApp:overage.history')}
      </Title>
      {/* Scrolls sideways on a phone: focusable and named, so it can be scrolled from the keyboard. */}
      <Table.ScrollContainer
        minWidth={560}
        type="native"
        tabIndex={0}
        role="region"
        aria-labelledby="overage-history-heading"
      >
        <Table striped fz="sm" data-testid="overage-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('staffApp:overage.col.asked')}</Table.Th>
              <Table.Th>{t('staffApp:overage.col.hours')}</Table.Th>
              <Table.Th>{t('staffApp:overage.col.rate')}</Table.Th>
              <Table.Th>{t('staffApp:overage.col.status')}</Table.Th>
              <Table.Th>{t('staffApp:overage.col.answer')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <time dateTime={r.requestedAt}>{format.dateTime(r.requestedAt)}</time>
                  {r.requestedByName ? (
                    <Text size="xs" c="dimmed" dir="auto">
                      {r.requestedByName}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{hoursText(format, r.extraMinutes)}</Table.Td>
                <Table.Td>
                  {r.rateMinor !== null && r.currency
                    ? format.money(r.rateMinor, r.currency)
                    : t('staffApp:overage.noRate')}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} c={statusColour[r.status]}>
                    {t(statusWords[r.status])}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {r.decidedAt ? (
                    <Text size="sm" dir="auto">
                      {t('staffApp:overage.answeredBy', {
                        name: r.decidedByName ?? '',
                        when: format.dateTime(r.decidedAt),
                      })}
                    </Text>
                  ) : null}
                  {r.comment ? (
                    <Text size="xs" c="dimmed" dir="auto" style={{ overflowWrap: 'anywhere' }}>
                      {r.comment}
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
