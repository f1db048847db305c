import { Anchor, Box, Card, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import './queue-table.css';
import type { TicketListItem } from '../../../shared/schemas/tickets.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { SlaBadge, useNow } from '../../ui/sla/index.ts';
import { isolate } from '../isolate.ts';
import { headerCheck, type Selection } from './selection.ts';
import { PriorityBadge, StatusBadge } from './ticket-badges.tsx';
import { recentOffset } from './ticket-format.ts';

interface QueueListProps {
  tickets: TicketListItem[];
  selectable: boolean;
  selection: Selection;
  onToggle: (id: number) => void;
  onToggleAll: () => void;
}

function LastUpdate({ iso, now }: { iso: string; now: number }) {
  const format = useFormat();
  const exact = format.dateTime(iso);
  const offset = recentOffset(iso, now);
  return (
    <time dateTime={iso} title={exact}>
      {offset === null ? exact : format.relative(offset)}
    </time>
  );
}

/** The checkbox that puts one ticket in (or out of) the selection for bulk actions. */
function SelectTicket({
  ticket,
  selected,
  onToggle,
  mt,
}: {
  ticket: TicketListItem;
  selected: boolean;
  onToggle(id: number): void;
  mt?: number;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox
      mt={mt}
      aria-label={t('staffApp:tickets.table.select', {
        number: ticket.number,
        subject: isolate(ticket.subject),
      })}
      checked={selected}
      onChange={() => onToggle(ticket.id)}
      data-testid={`select-${ticket.id}`}
    />
  );
}

/** The queue as a table (wide screens; it scrolls sideways when narrower than its columns). */
export function QueueTable({ tickets, selectable, selection, onToggle, onToggleAll }: QueueListProps) {
  const { t: tr } = useTranslation();
  const now = useNow(30_000);
  const check = headerCheck(
    selection,
    tickets.map((t) => t.id),
  );
  return (
    <Table.ScrollContainer minWidth={900} type="native">
      <Table highlightOnHover verticalSpacing="xs" horizontalSpacing="xs" data-testid="tickets-table">
        <Table.Thead>
          <Table.Tr>
            {selectable ? (
              <Table.Th scope="col" w={40}>
                <Checkbox
                  aria-label={
                    check === 'all'
                      ? tr('staffApp:tickets.table.clearPage')
                      : tr('staffApp:tickets.table.selectPage')
                  }
                  checked={check === 'all'}
                  indeterminate={check === 'some'}
                  onChange={onToggleAll}
                  data-testid="select-all"
                />
              </Table.Th>
            ) : null}
            <Table.Th scope="col">#</Table.Th>
            <Table.Th scope="col">{tr('staffApp:tickets.form.subject')}</Table.Th>
            <Table.Th scope="col">{tr('staffApp:tickets.table.clientRequester')}</Table.Th>
            <Table.Th scope="col">{tr('staffApp:tickets.table.statusPriority')}</Table.Th>
            <Table.Th scope="col">{tr('staffApp:tickets.fields.assignee')}</Table.Th>
            <Table.Th scope="col">{tr('staffApp:tickets.table.updated')}</Table.Th>
            <Table.Th scope="col">{tr('staffApp:tickets.fields.sla')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((t) => {
            const selected = selection.has(t.id);
            return (
              <Table.Tr
                key={t.id}
                data-testid={`ticket-row-${t.id}`}
                aria-selected={selectable ? selected : undefined}
                bg={selected ? 'var(--portico-selected-bg)' : undefined}
                style={
                  selected
                    ? { boxShadow: 'inset var(--portico-start-edge) 0 0 var(--mantine-primary-color-filled)' }
                    : undefined
                }
              >
                {selectable ? (
                  <Table.Td>
                    <SelectTicket ticket={t} selected={selected} onToggle={onToggle} />
                  </Table.Td>
                ) : null}
                <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                  {t.number}
                </Table.Td>
                <Table.Td miw={200}>
                  <Anchor
                    component={Link}
                    to={`/staff/tickets/${t.id}`}
                    fw={600}
                    size="sm"
                    style={{ overflowWrap: 'anywhere' }}
                    dir="auto"
                  >
                    {t.subject}
                  </Anchor>
                  {t.categoryName ? (
                    <Text size="xs" c="dimmed" dir="auto">
                      {t.categoryName}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td maw={200}>
                  <Anchor
                    component={Link}
                    to={`/staff/clients/${t.clientId}`}
                    size="sm"
                    c="inherit"
                    dir="auto"
                  >
                    {t.clientName}
                  </Anchor>
                  <Text size="xs" c="dimmed" dir="auto">
                    {t.requesterName ?? tr('staffApp:tickets.table.noRequester')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <StatusBadge status={t.status} />
                    <PriorityBadge priority={t.priority} />
                  </Stack>
                </Table.Td>
                <Table.Td fz="sm">
                  {t.assigneeName ? (
                    <bdi>{t.assigneeName}</bdi>
                  ) : (
                    <Text span c="dimmed" size="sm" fs="italic">
                      {tr('staffApp:tickets.fields.unassigned')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                  <LastUpdate iso={t.updatedAt} now={now} />
                </Table.Td>
                <Table.Td>
                  <Box miw="max-content">
                    <SlaBadge summary={t.sla} />
                  </Box>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The queue as cards, for phones: every field of a row, stacked, with its own checkbox. */
export function QueueCards({ tickets, selectable, selection, onToggle, onToggleAll }: QueueListProps) {
  const { t: tr } = useTranslation();
  const now = useNow(30_000);
  const check = headerCheck(
    selection,
    tickets.map((t) => t.id),
  );
  return (
    <Stack gap="xs">
      {selectable ? (
        <Checkbox
          label={tr('staffApp:tickets.table.selectPage')}
          checked={check === 'all'}
          indeterminate={check === 'some'}
          onChange={onToggleAll}
          data-testid="select-all"
        />
      ) : null}
      <Stack
        component="ul"
        gap="xs"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={tr('staffApp:nav.tickets')}
        data-testid="tickets-cards"
      >
        {tickets.map((t) => {
          const selected = selection.has(t.id);
          return (
            <Card
              key={t.id}
              component="li"
              withBorder
              padding="sm"
              data-testid={`ticket-card-${t.id}`}
              bg={selected ? 'var(--portico-selected-bg)' : undefined}
              style={
                selected
                  ? { boxShadow: 'inset var(--portico-start-edge) 0 0 var(--mantine-primary-color-filled)' }
                  : undefined
              }
            >
              <Group gap="sm" wrap="nowrap" align="flex-start">
                {selectable ? (
                  <SelectTicket ticket={t} selected={selected} onToggle={onToggle} mt={2} />
                ) : null}
                <Stack gap={4} miw={0} style={{ flex: 1 }}>
                  <Anchor
                    component={Link}
                    to={`/staff/tickets/${t.id}`}
                    fw={600}
                    size="sm"
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {t.number} <bdi>{t.subject}</bdi>
                  </Anchor>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    <bdi>{t.clientName}</bdi>
                    {t.requesterName ? (
                      <>
                        {' · '}
                        <bdi>{t.requesterName}</bdi>
                      </>
                    ) : null}
                  </Text>
                  <Group gap={6}>
                    <StatusBadge status={t.status} />
                    <PriorityBadge priority={t.priority} />
                    <SlaBadge summary={t.sla} />
                  </Group>
                  <Text size="xs">
                    {t.assigneeName ? <bdi>{t.assigneeName}</bdi> : tr('staffApp:tickets.fields.unassigned')}
                    {' · '}
                    {tr('staffApp:tickets.table.updatedLower')} <LastUpdate iso={t.updatedAt} now={now} />
                  </Text>
                </Stack>
              </Group>
            </Card>
          );
        })}
      </Stack>
    </Stack>
  );
}
