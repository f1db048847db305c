import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import type { TimeEntryResponse } from '../../../shared/schemas/time.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { fetchTicketTime, fetchTimer, fetchWorkTypes, timeCalls, timeKeys } from '../../api/time.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { SubmitError } from '../../ui/states.tsx';
import { Elapsed, TimeStatusBadge, useMinutes } from '../../ui/time-bits.tsx';
import { TimeReverseDialog } from '../../ui/time-reverse-dialog.tsx';

/**
 * Time on the ticket (issue 14, point 4): the person's timer (kept on the server, so it survives a
 * reload), a manual entry, and the ticket's entries with their status. Starting a timer while another
 * runs asks first, then stops that one (a draft) and starts here.
 */
export function TicketTimeCard({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const minutes = useMinutes();
  const { data: me } = useMe();
  const canLog = me?.kind === 'staff' && me.permissions.includes('time:log');
  const canApprove = me?.kind === 'staff' && me.permissions.includes('time:approve');
  const [correcting, setCorrecting] = useState<TimeEntryResponse | null>(null);
  const queryClient = useQueryClient();
  const entries = useQuery({
    queryKey: timeKeys.ticket(ticket.id),
    queryFn: ({ signal }) => fetchTicketTime(ticket.id, signal),
  });
  const timer = useQuery({
    queryKey: timeKeys.timer,
    queryFn: ({ signal }) => fetchTimer(signal),
    enabled: canLog,
  });
  const workTypes = useQuery({
    queryKey: timeKeys.workTypes,
    queryFn: ({ signal }) => fetchWorkTypes(signal),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: timeKeys.all });
  const action = useMutation({ mutationFn: (run: () => Promise<unknown>) => run(), onSuccess: refresh });
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [formOpen, setFormOpen] = useState(false);

  const running = timer.data?.timer ?? null;
  const here = running?.ticketId === ticket.id;
  const closed = ticket.status === 'closed';
  const activeTypes = (workTypes.data?.items ?? []).filter((w) => w.active);

  const start = (replace: boolean) =>
    action.mutate(() => timeCalls.start({ ticketId: ticket.id, replace }), {
      onSuccess: () => setConfirmReplace(false),
      onError: (error) => {
        if (error instanceof ApiError && error.reason === 'timer_running') setConfirmReplace(true);
      },
    });

  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="time-heading"
      data-testid="ticket-time"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="time-heading">
          {t('staffApp:time.ticket.title')}
        </Title>
        {canLog ? (
          <Stack gap="xs" data-testid="timer">
            {here && running ? (
              <Group gap="sm" wrap="wrap">
                <Text size="sm" aria-live="polite">
                  {t('staffApp:time.timer.running')} <Elapsed since={running.startedAt} />
                </Text>
                <Button
                  size="xs"
                  color="red"
                  onClick={() => action.mutate(() => timeCalls.stop({}))}
                  loading={action.isPending}
                  data-testid="timer-stop"
                >
                  {t('staffApp:time.timer.stop')}
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => action.mutate(() => timeCalls.discard())}
                  data-testid="timer-discard"
                >
                  {t('staffApp:time.timer.discard')}
                </Button>
              </Group>
            ) : (
              <Group gap="sm" wrap="wrap">
                {running ? (
                  <Text size="sm" c="dimmed">
                    {t('staffApp:time.timer.elsewhere', { subject: running.ticketSubject })}{' '}
                    <Elapsed since={running.startedAt} />
                  </Text>
                ) : null}
                <Button
                  size="xs"
                  onClick={() => start(false)}
                  disabled={closed}
                  loading={action.isPending}
                  data-testid="timer-start"
                >
                  {t('staffApp:time.timer.start')}
                </Button>
                {closed ? (
                  <Text size="xs" c="dimmed">
                    {t('staffApp:time.timer.closedTicket')}
                  </Text>
                ) : null}
              </Group>
            )}
            {confirmReplace && running && !here ? (
              <Group gap="sm" data-testid="timer-confirm">
                <Text size="sm">
                  {t('staffApp:time.timer.confirmReplace', { subject: running.ticketSubject })}
                </Text>
                <Button size="xs" onClick={() => start(true)} data-testid="timer-replace">
                  {t('staffApp:time.timer.replace')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setConfirmReplace(false)}>
                  {t('staffApp:time.cancel')}
                </Button>
              </Group>
            ) : null}
            {action.isError &&
            !(action.error instanceof ApiError && action.error.reason === 'timer_running') ? (
              <SubmitError
                title={t('staffApp:time.actionFailed')}
                error={action.error}
                onRetry={() => action.reset()}
              />
            ) : null}
            {formOpen ? (
              <ManualEntryForm
                ticketId={ticket.id}
                workTypes={activeTypes.map((w) => ({
                  value: String(w.id),
                  label: w.name,
                  billable: w.billable,
                }))}
                onDone={() => {
                  setFormOpen(false);
                  void refresh();
                }}
                onCancel={() => setFormOpen(false)}
              />
            ) : (
              <Group>
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => setFormOpen(true)}
                  data-testid="time-log-open"
                >
                  {t('staffApp:time.manual.open')}
                </Button>
              </Group>
            )}
          </Stack>
        ) : null}

        {entries.data && entries.data.items.length > 0 ? (
          <>
            {/* Scrolls sideways on a phone: focusable and named, so it can be scrolled from the keyboard. */}
            <Table.ScrollContainer
              minWidth={420}
              type="native"
              tabIndex={0}
              role="region"
              aria-labelledby="time-heading"
            >
              <Table striped verticalSpacing={4} fz="sm" data-testid="time-entries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('staffApp:time.col.date')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.who')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.actual')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.billed')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.status')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('staffApp:time.col.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.data.items.map((e) => (
                    <EntryRow
                      key={e.id}
                      entry={e}
                      mine={me?.kind === 'staff' && me.id === e.accountId}
                      canLog={canLog}
                      canApprove={canApprove}
                      onAction={(run) => action.mutate(run)}
                      onCorrect={() => setCorrecting(e)}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="sm" data-testid="time-totals">
              {t('staffApp:time.totals', {
                actual: minutes(entries.data.totals.actualMinutes),
                billed: minutes(entries.data.totals.billedMinutes),
              })}
            </Text>
          </>
        ) : entries.data ? (
          <Text size="sm" c="dimmed">
            {t('staffApp:time.ticket.none')}
          </Text>
        ) : null}
      </Stack>
      {correcting ? (
        <TimeReverseDialog
          entry={correcting}
          onClose={() => setCorrecting(null)}
          onDone={() => {
            setCorrecting(null);
            void refresh();
          }}
        />
      ) : null}
    </Card>
  );
}

function EntryRow({
  entry,
  mine,
  canLog,
  canApprove,
  onAction,
  onCorrect,
}: {
  entry: TimeEntryResponse;
  mine: boolean;
  canLog: boolean;
  canApprove: boolean;
  onAction: (run: () => Promise<unknown>) => void;
  onCorrect: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const minutes = useMinutes();
  const own = canLog && mine;
  return (
    <Table.Tr data-testid={`time-entry-${entry.id}`}>
      <Table.Td>
        <time dateTime={entry.entryDate}>{format.day(entry.entryDate)}</time>
      </Table.Td>
      <Table.Td>
        <span dir="auto">{entry.accountName}</span>
        {entry.note ? (
          <Text size="xs" c="dimmed" dir="auto" style={{ overflowWrap: 'anywhere' }}>
            {entry.note}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <time dateTime={`PT${Math.abs(entry.actualMinutes)}M`}>{minutes(entry.actualMinutes)}</time>
      </Table.Td>
      <Table.Td>
        <time dateTime={`PT${Math.abs(entry.billedMinutes)}M`}>{minutes(entry.billedMinutes)}</time>
        {entry.amountMinor !== null && entry.currency ? (
          <Text size="xs" c="dimmed">
            {format.money(entry.amountMinor, entry.currency)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <TimeStatusBadge status={entry.status} />
          {entry.reversesId !== null ? (
            <Badge size="sm" variant="outline" color="gray" miw="max-content">
              {t('ui:time.reverse.reversal')}
            </Badge>
          ) : entry.reversedById !== null ? (
            <Badge size="sm" variant="outline" color="gray" miw="max-content">
              {t('ui:time.reverse.reversed')}
            </Badge>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          {canApprove &&
          (entry.status === 'approved' || entry.status === 'invoiced') &&
          entry.reversesId === null &&
          entry.reversedById === null ? (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={onCorrect}
              data-testid={`time-correct-${entry.id}`}
            >
              {t('ui:time.reverse.action')}
            </Button>
          ) : null}
          {own && entry.status === 'draft' ? (
            <>
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => onAction(() => timeCalls.submit(entry.id))}
                data-testid={`time-submit-${entry.id}`}
              >
                {t('staffApp:time.submit')}
              </Button>
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => onAction(() => timeCalls.remove(entry.id))}
              >
                {t('staffApp:time.delete')}
              </Button>
            </>
          ) : null}
          {own && entry.status === 'submitted' ? (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => onAction(() => timeCalls.return(entry.id))}
            >
              {t('staffApp:time.returnToDraft')}
            </Button>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function ManualEntryForm({
  ticketId,
  workTypes,
  onDone,
  onCancel,
}: {
  ticketId: number;
  workTypes: { value: string; label: string; billable: boolean }[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [mode, setMode] = useState<'duration' | 'span'>('duration');
  const [date, setDate] = useState('');
  const [mins, setMins] = useState<number | ''>('');
  const [startTime, setStartTime] = useState('');
  const [endTime, setEndTime] = useState('');
  const [note, setNote] = useState('');
  const [billable, setBillable] = useState(true);
  const [workTypeId, setWorkTypeId] = useState<string | null>(null);
  const create = useMutation({ mutationFn: timeCalls.create, onSuccess: onDone });
  const fields = create.error instanceof ApiError ? create.error.fields : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      ticketId,
      ...(date ? { entryDate: date } : {}),
      ...(mode === 'duration' ? { minutes: mins === '' ? Number.NaN : mins } : { startTime, endTime }),
      // The day and times are typed in the zone this app shows dates in; the server converts each with
      // the offset in force at that moment (daylight-saving changes included).
      timeZone: format.locale.timeZone,
      note,
      billable,
      workTypeId: workTypeId === null ? null : Number(workTypeId),
    });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="time-form">
      <Stack gap="xs">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            type="date"
            label={t('staffApp:time.manual.date')}
            description={t('staffApp:time.manual.dateHelp')}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={fields.entryDate}
            data-testid="time-date"
          />
          <SegmentedControl
            aria-label={t('staffApp:time.manual.how')}
            value={mode}
            onChange={(v) => setMode(v as 'duration' | 'span')}
            data={[
              { value: 'duration', label: t('staffApp:time.manual.duration') },
              { value: 'span', label: t('staffApp:time.manual.span') },
            ]}
          />
        </Group>
        {mode === 'duration' ? (
          <NumberInput
            label={t('staffApp:time.manual.minutes')}
            min={0}
            max={1440}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={mins}
            onChange={(v) => setMins(typeof v === 'number' ? v : '')}
            error={fields.minutes}
            data-testid="time-minutes"
          />
        ) : (
          <Group gap="sm" wrap="wrap">
            <TextInput
              type="time"
              label={t('staffApp:time.manual.start')}
              value={startTime}
              onChange={(e) => setStartTime(e.currentTarget.value)}
              error={fields.startTime}
              data-testid="time-start"
            />
            <TextInput
              type="time"
              label={t('staffApp:time.manual.end')}
              value={endTime}
              onChange={(e) => setEndTime(e.currentTarget.value)}
              error={fields.endTime}
              data-testid="time-end"
            />
          </Group>
        )}
        <Select
          label={t('staffApp:time.manual.workType')}
          placeholder={t('staffApp:time.manual.noWorkType')}
          data={workTypes.map(({ value, label }) => ({ value, label }))}
          value={workTypeId}
          onChange={(v) => {
            setWorkTypeId(v);
            // A work type brings its billable default; the switch can still change it.
            setBillable(workTypes.find((w) => w.value === v)?.billable ?? true);
          }}
          clearable
          error={fields.workTypeId}
        />
        <Textarea
          label={t('staffApp:time.manual.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
          error={fields.note}
        />
        <Switch
          label={t('staffApp:time.manual.billable')}
          checked={billable}
          onChange={(e) => setBillable(e.currentTarget.checked)}
        />
        {create.isError && Object.keys(fields).length === 0 ? (
          <SubmitError title={t('staffApp:time.actionFailed')} error={create.error} />
        ) : null}
        <Group gap="sm">
          <Button type="submit" size="xs" loading={create.isPending} data-testid="time-save">
            {t('staffApp:time.manual.save')}
          </Button>
          <Button size="xs" variant="default" onClick={onCancel}>
            {t('staffApp:time.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
