import { Anchor, Card, Group, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PortalOrderListItem, PortalOrderListQuery } from '../../../shared/schemas/orders.ts';
import { fetchPortalOrders, orderKeys } from '../../api/orders.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { OrderStatusBadge, OrderTracking } from '../../ui/order-bits.tsx';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';

/** The company's hardware and software orders, newest first, with status and tracking. */
export function OrdersPage() {
  const { t } = useTranslation();
  const pages = useCursorPages('orders');
  const params: PortalOrderListQuery = { limit: 10, cursor: pages.cursor };
  const list = useQuery({
    queryKey: orderKeys.portal(params),
    queryFn: ({ signal }) => fetchPortalOrders(params, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader title={t('portalApp:nav.orders')}>{t('portalApp:orders.intro')}</PageHeader>
      {list.isPending ? (
        <PageLoader label={t('portalApp:orders.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('portalApp:orders.couldNotLoad')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="orders-empty">
          <Text fw={600}>{t('portalApp:orders.empty')}</Text>
        </Card>
      ) : (
        <Stack gap="md">
          {list.data.items.map((o) => (
            <OrderCard key={o.id} order={o} />
          ))}
          <Pager
            label={t('portalApp:orders.pages')}
            page={pages.page}
            hasPrevious={pages.hasPrevious}
            nextCursor={list.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </Stack>
      )}
    </>
  );
}

function OrderCard({ order: o }: { order: PortalOrderListItem }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card
      withBorder
      padding="lg"
      component="article"
      aria-labelledby={`order-${o.id}`}
      data-testid={`portal-order-${o.id}`}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Anchor component={Link} to={`/portal/orders/${o.id}`} fw={600} id={`order-${o.id}`}>
            {t('ui:order.number', { id: o.id })}
          </Anchor>
          <OrderStatusBadge status={o.status} />
        </Group>
        <Text dir="auto">
          {o.summary}
          {o.lineCount > 1 ? ` ${t('ui:order.moreLines', { count: o.lineCount - 1 })}` : ''}
        </Text>
        <Group gap="lg" wrap="wrap">
          <Text size="sm">
            {t('ui:order.colTotal')}: <strong>{format.money(o.totalMinor, o.currency)}</strong>
          </Text>
          <Text size="sm">
            {t('portalApp:orders.placedOn')} <time dateTime={o.createdAt}>{format.date(o.createdAt)}</time>
          </Text>
          {o.expectedDate && o.status !== 'delivered' && o.status !== 'cancelled' ? (
            <Text size="sm">
              {t('ui:order.colExpected')}: <time dateTime={o.expectedDate}>{format.day(o.expectedDate)}</time>
            </Text>
          ) : null}
        </Group>
        <OrderTracking tracking={o.tracking} />
      </Stack>
    </Card>
  );
}
