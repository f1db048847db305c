import { Anchor, Button, Card, Checkbox, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type TimeEntryResponse,
  type TimeEntryStatus,
  type TimesheetQuery,
  timeEntryStatuses,
} from '../../../shared/schemas/time.ts';
import { useMe } from '../../api/auth.ts';
import { fetchAssignees, ticketKeys } from '../../api/tickets.ts';
import { fetchTimesheet, timeCalls, timeKeys } from '../../api/time.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader, SubmitError } from '../../ui/states.tsx';
import { TimeStatusBadge, timeStatusKeys, useMinutes } from '../../ui/time-bits.tsx';
import { TimeReverseDialog } from '../../ui/time-reverse-dialog.tsx';

/**
 * The timesheet (issue 14, point 5): entries by person, date range and status, newest day first, with
 * totals of the whole selection; approvers tick submitted entries and approve them together (all or
 * none: an entry changed meanwhile refuses the lot), or reverse an approved one.
 */
export function TimesheetPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const minutes = useMinutes();
  const { data: me } = useMe();
  const canApprove = me?.kind === 'staff' && me.permissions.includes('time:approve');
  const canEditTypes = me?.kind === 'staff' && me.permissions.includes('settings:edit');
  const [person, setPerson] = useState<string>('all');
  const [status, setStatus] = useState<TimeEntryStatus | 'all'>(canApprove ? 'submitted' : 'all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filterKey = JSON.stringify([person, status, from, to]);
  const pages = useCursorPages(filterKey);
  const params: TimesheetQuery = {
    ...(person !== 'all' ? { accountId: Number(person) } : {}),
    ...(status !== 'all' ? { status } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    limit: 50,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  };
  const sheet = useQuery({
    queryKey: timeKeys.sheet(params),
    queryFn: ({ signal }) => fetchTimesheet(params, signal),
    placeholderData: keepPreviousData,
  });
  const people = useQuery({
    queryKey: ticketKeys.assignees,
    queryFn: ({ signal }) => fetchAssignees(signal),
  });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const queryClient = useQueryClient();
  const done = async () => {
    setSelected(new Set());
    await queryClient.invalidateQueries({ queryKey: timeKeys.all });
  };
  const approve = useMutation({ mutationFn: timeCalls.approve, onSuccess: done });
  const [correcting, setCorrecting] = useState<TimeEntryResponse | null>(null);

  const items = sheet.data?.items ?? [];
  const selectable = items.filter((e) => e.status === 'submitted');
  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <PageHeader title={t('staffApp:time.sheet.title')}>{t('staffApp:time.sheet.intro')}</PageHeader>
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <Select
          label={t('staffApp:time.sheet.person')}
          data={[
            { value: 'all', label: t('staffApp:time.sheet.everyone') },
            ...(people.data?.items ?? []).map((p) => ({ value: String(p.accountId), label: p.name })),
          ]}
          value={person}
          onChange={(v) => v && setPerson(v)}
          allowDeselect={false}
          searchable
          style={{ flex: '0 1 220px' }}
          data-testid="sheet-person"
        />
        <Select
          label={t('staffApp:time.sheet.status')}
          data={[
            { value: 'all', label: t('staffApp:time.sheet.allStatuses') },
            ...timeEntryStatuses.map((s) => ({ value: s, label: t(timeStatusKeys[s]) })),
          ]}
          value={status}
          onChange={(v) => v && setStatus(v as TimeEntryStatus | 'all')}
          allowDeselect={false}
          style={{ flex: '0 1 180px' }}
          data-testid="sheet-status"
        />
        <TextInput
          type="date"
          label={t('staffApp:time.sheet.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('staffApp:time.sheet.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        {canEditTypes ? (
          <Anchor component={Link} to="/staff/settings/work-types" size="sm">
            {t('staffApp:time.sheet.workTypesLink')}
          </Anchor>
        ) : null}
      </Group>
      {sheet.isPending ? (
        <PageLoader label={t('staffApp:time.sheet.loading')} />
      ) : sheet.isError ? (
        <ErrorState
          title={t('staffApp:time.sheet.couldNotLoad')}
          error={sheet.error}
          onRetry={() => void sheet.refetch()}
        />
      ) : (
        <Stack gap="sm">
          <Text size="sm" data-testid="sheet-totals">
            {t('staffApp:time.totals', {
              actual: minutes(sheet.data.totals.actualMinutes),
              billed: minutes(sheet.data.totals.billedMinutes),
            })}
          </Text>
          {canApprove && selectable.length > 0 ? (
            <Group gap="sm">
              <Button
                size="sm"
                disabled={selected.size === 0}
                loading={approve.isPending}
                onClick={() =>
                  approve.mutate({
                    entries: items
                      .filter((e) => selected.has(e.id))
                      .map((e) => ({ id: e.id, updatedAt: e.updatedAt })),
                  })
                }
                data-testid="sheet-approve"
              >
                {t('staffApp:time.sheet.approveSelected', { count: selected.size })}
              </Button>
            </Group>
          ) : null}
          {approve.isError ? (
            <SubmitError
              title={t('staffApp:time.sheet.approveFailed')}
              error={approve.error}
              onRetry={() => {
                approve.reset();
                void done();
              }}
            />
          ) : null}
          {correcting ? (
            <TimeReverseDialog
              entry={correcting}
              onClose={() => setCorrecting(null)}
              onDone={() => {
                setCorrecting(null);
                void done();
              }}
            />
          ) : null}
          {items.length === 0 ? (
            <Card withBorder padding="xl" data-testid="sheet-empty">
              <Text fw={600}>{t('staffApp:time.sheet.empty')}</Text>
            </Card>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover data-testid="sheet-table">
                <Table.Thead>
                  <Table.Tr>
                    {canApprove ? (
                      <Table.Th>
                        <Checkbox
                          aria-label={t('staffApp:time.sheet.selectAll')}
                          checked={selectable.length > 0 && selectable.every((e) => selected.has(e.id))}
                          disabled={selectable.length === 0}
                          onChange={(ev) =>
                            setSelected(new Set(ev.currentTarget.checked ? selectable.map((e) => e.id) : []))
                          }
                        />
                      </Table.Th>
                    ) : null}
                    <Table.Th>{t('staffApp:time.col.date')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.who')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.ticket')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.actual')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.billed')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.amount')}</Table.Th>
                    <Table.Th>{t('staffApp:time.col.status')}</Table.Th>
                    {canApprove ? <Table.Th>{t('staffApp:time.col.actions')}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((e) => (
                    <Table.Tr key={e.id} data-testid={`sheet-entry-${e.id}`}>
                      {canApprove ? (
                        <Table.Td>
                          {e.status === 'submitted' ? (
                            <Checkbox
                              aria-label={t('staffApp:time.sheet.select', {
                                who: e.accountName,
                                date: format.day(e.entryDate),
                              })}
                              checked={selected.has(e.id)}
                              onChange={() => toggle(e.id)}
                              data-testid={`sheet-select-${e.id}`}
                            />
                          ) : null}
                        </Table.Td>
                      ) : null}
                      <Table.Td>{format.day(e.entryDate)}</Table.Td>
                      <Table.Td>
                        <span dir="auto">{e.accountName}</span>
                        {e.workTypeName ? (
                          <Text size="xs" c="dimmed" dir="auto">
                            {e.workTypeName}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/staff/tickets/${e.ticketId}`} size="sm" dir="auto">
                          {e.ticketSubject}
                        </Anchor>
                        <Text size="xs" c="dimmed" dir="auto">
                          {e.clientName}
                        </Text>
                        {e.note ? (
                          <Text size="xs" dir="auto" style={{ overflowWrap: 'anywhere' }}>
                            {e.note}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{minutes(e.actualMinutes)}</Table.Td>
                      <Table.Td>{minutes(e.billedMinutes)}</Table.Td>
                      <Table.Td>
                        {e.amountMinor !== null && e.currency
                          ? format.money(e.amountMinor, e.currency)
                          : null}
                      </Table.Td>
                      <Table.Td>
                        <TimeStatusBadge status={e.status} />
                      </Table.Td>
                      {canApprove ? (
                        <Table.Td>
                          {(e.status === 'approved' || e.status === 'invoiced') &&
                          e.reversesId === null &&
                          e.reversedById === null ? (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              onClick={() => setCorrecting(e)}
                              data-testid={`sheet-reverse-${e.id}`}
                            >
                              {t('staffApp:time.sheet.reverse')}
                            </Button>
                          ) : null}
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Pager
            label={t('staffApp:time.sheet.pages')}
            page={pages.page}
            hasPrevious={pages.hasPrevious}
            nextCursor={sheet.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </Stack>
      )}
    </>
  );
}
