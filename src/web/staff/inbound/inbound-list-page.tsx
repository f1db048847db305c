import { Anchor, Badge, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  type InboundEmailItem,
  type InboundStatus,
  inboundStatuses,
} from '../../../shared/schemas/ticket-email.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useInboundList } from './api.ts';

type Filter = InboundStatus | 'all';

const statusKeys = {
  held: 'staffApp:inbound.status.held',
  added: 'staffApp:inbound.status.added',
  created: 'staffApp:inbound.status.created',
  discarded: 'staffApp:inbound.status.discarded',
} as const satisfies Record<InboundStatus, `staffApp:${string}`>;

const filters: readonly Filter[] = [...inboundStatuses, 'all'];

export const statusColors: Record<InboundStatus, string> = {
  held: 'orange',
  added: 'teal',
  created: 'blue',
  discarded: 'gray',
};

export function StatusBadge({ status }: { status: InboundStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light" data-testid="inbound-status">
      {t(statusKeys[status])}
    </Badge>
  );
}

/** Shown on email whose sender was not authenticated (whatever became of it). */
export function UnauthenticatedBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red" variant="light" data-testid="inbound-unauthenticated">
      {t('staffApp:inbound.unauthenticated')}
    </Badge>
  );
}

const emptyKeys = {
  held: 'staffApp:inbound.empty.held',
  added: 'staffApp:inbound.empty.added',
  created: 'staffApp:inbound.empty.created',
  discarded: 'staffApp:inbound.empty.discarded',
  all: 'staffApp:inbound.empty.all',
} as const satisfies Record<Filter, `staffApp:${string}`>;

/** Name and address of the sender, as they wrote them (shown with `dir="auto"`). */
export function sender(t: TFunction, e: Pick<InboundEmailItem, 'fromName' | 'fromAddress'>) {
  return e.fromName ? `${e.fromName} <${e.fromAddress}>` : e.fromAddress || t('staffApp:inbound.noSender');
}

/** /staff/inbound: received email, held for review first. */
export function InboundListPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [searchParams, setSearchParams] = useSearchParams();
  const statusParam = searchParams.get('status');
  const filter: Filter = filters.some((f) => f === statusParam) ? (statusParam as Filter) : 'held';
  const pages = useCursorPages(filter);
  const list = useInboundList({ status: filter, limit: 25, cursor: pages.cursor });

  return (
    <>
      <PageHeader title={t('staffApp:nav.inbound')}>{t('staffApp:inbound.intro')}</PageHeader>
      <Card withBorder padding="md" mb="md">
        <Select
          label={t('staffApp:inbound.show')}
          data={filters.map((f) => ({
            value: f,
            label: f === 'all' ? t('staffApp:inbound.all') : t(statusKeys[f]),
          }))}
          value={filter}
          onChange={(v) => {
            if (!v) return;
            setSearchParams(v === 'held' ? {} : { status: v }, { replace: true });
          }}
          allowDeselect={false}
          maw={280}
          data-testid="inbound-filter"
        />
      </Card>
      {list.isPending ? (
        <PageLoader label={t('staffApp:inbound.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('staffApp:inbound.loadError')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="inbound-empty">
          <Stack gap="xs">
            <Text fw={600}>
              {filter === 'held' ? t('staffApp:inbound.emptyHeld') : t('staffApp:inbound.emptyHere')}
            </Text>
            <Text size="sm" c="dimmed">
              {t(emptyKeys[filter])}
            </Text>
          </Stack>
        </Card>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" data-testid="inbound-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('staffApp:inbound.received')}</Table.Th>
                  <Table.Th scope="col">{t('staffApp:inbound.from')}</Table.Th>
                  <Table.Th scope="col">{t('staffApp:tickets.form.subject')}</Table.Th>
                  <Table.Th scope="col">{t('staffApp:tickets.fields.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((e) => (
                  <Table.Tr key={e.id} data-testid={`inbound-row-${e.id}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <time dateTime={e.receivedAt}>{format.dateTime(e.receivedAt)}</time>
                    </Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>
                      <bdi>{sender(t, e)}</bdi>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/staff/inbound/${e.id}`}
                        fw={600}
                        dir="auto"
                        data-testid="inbound-open"
                      >
                        {e.subject || t('staffApp:inbound.noSubject')}
                      </Anchor>
                      {e.reason ? (
                        <Text size="xs" c="dimmed">
                          {e.reason}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <StatusBadge status={e.status} />
                        {e.ticketId && e.status !== 'held' ? (
                          <Anchor component={Link} to={`/staff/tickets/${e.ticketId}`} size="sm">
                            #{e.ticketId}
                          </Anchor>
                        ) : null}
                      </Group>
                      {e.senderAuth?.verdict === 'fail' ? <UnauthenticatedBadge /> : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            label={t('staffApp:inbound.pages')}
            page={pages.page}
            hasPrevious={pages.hasPrevious}
            nextCursor={list.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </>
      )}
    </>
  );
}
