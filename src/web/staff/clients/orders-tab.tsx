import { Button, Card, Group, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { fetchOrders, orderKeys } from '../../api/orders.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { OrdersTable } from '../../ui/orders-table.tsx';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';

/** The client's orders, newest first, with a way to record one. */
export function OrdersTab({ client, canManage }: { client: ClientResponse; canManage: boolean }) {
  const { t } = useTranslation();
  const pages = useCursorPages(String(client.id));
  const params = { clientId: client.id, limit: 25, cursor: pages.cursor };
  const list = useQuery({
    queryKey: orderKeys.list(params),
    queryFn: ({ signal }) => fetchOrders(params, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      {canManage ? (
        <Group mb="md">
          <Button
            component={Link}
            to={`/staff/orders/new?clientId=${client.id}`}
            data-testid="client-new-order"
          >
            {t('staffAdmin:orders.list.newOrder')}
          </Button>
        </Group>
      ) : null}
      {list.isPending ? (
        <PageLoader label={t('staffAdmin:orders.list.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('staffAdmin:orders.list.couldNotLoad')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="client-orders-empty">
          <Text fw={600}>{t('staffAdmin:orders.list.emptyClient', { name: client.name })}</Text>
        </Card>
      ) : (
        <>
          <OrdersTable items={list.data.items} showClient={false} label={t('staffAdmin:orders.list.title')} />
          <Pager
            label={t('staffAdmin:orders.list.pages')}
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
