import { Anchor, Breadcrumbs, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { PortalOrder } from '../../../shared/schemas/orders.ts';
import { ApiError } from '../../api/client.ts';
import { fetchPortalOrder, orderKeys } from '../../api/orders.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { OrderStatusBadge } from '../../ui/order-bits.tsx';
import { orderStatusKeys } from '../../ui/order-words.ts';
import { OrderLines, OrderShippingCards } from '../../ui/orders/order-details.tsx';
import { ErrorState, NotFound, PageLoader } from '../../ui/states.tsx';

/** One of the company's orders: what was ordered, its total, where it is and when it got there. */
export function OrderPage() {
  const { t } = useTranslation();
  const params = useParams();
  const orderId = Number(params.orderId);
  const valid = Number.isInteger(orderId) && orderId > 0;
  const order = useQuery({
    queryKey: orderKeys.portalDetail(orderId),
    queryFn: ({ signal }) => fetchPortalOrder(orderId, signal),
    enabled: valid,
  });
  if (!valid || (order.isError && order.error instanceof ApiError && order.error.status === 404)) {
    return <NotFound homeTo="/portal/orders" homeLabel={t('portalApp:orders.backToList')} />;
  }
  if (order.isPending) return <PageLoader label={t('portalApp:orders.loadingOne')} />;
  if (order.isError) {
    return (
      <ErrorState
        title={t('portalApp:orders.couldNotLoadOne')}
        error={order.error}
        onRetry={() => void order.refetch()}
      />
    );
  }
  return <OrderView order={order.data} />;
}

function OrderView({ order }: { order: PortalOrder }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap="md">
      {/* "›" is a mirrored character: in a right-to-left page the browser draws it as "‹" itself. */}
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/portal/orders" size="sm">
          {t('portalApp:nav.orders')}
        </Anchor>
        <Text size="sm">{t('ui:order.number', { id: order.id })}</Text>
      </Breadcrumbs>
      <Group gap="sm" align="center">
        <Title order={1} id="order-heading" data-testid="order-title">
          {t('ui:order.number', { id: order.id })}
        </Title>
        <OrderStatusBadge status={order.status} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <OrderShippingCards order={order} />
      </SimpleGrid>
      <OrderLines order={order} minWidth={480} totalTestId="order-total" />
      <Card withBorder component="section" aria-labelledby="order-progress">
        <Title order={2} size="h4" id="order-progress" mb="xs">
          {t('portalApp:orders.progress')}
        </Title>
        <List data-testid="order-progress-list">
          {order.history.map((h) => (
            <List.Item key={`${h.at}-${h.to}`}>
              {t(orderStatusKeys[h.to])}: <time dateTime={h.at}>{format.dateTime(h.at)}</time>
            </List.Item>
          ))}
        </List>
      </Card>
    </Stack>
  );
}
