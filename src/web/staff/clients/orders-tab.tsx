import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { fetchOrders, orderKeys } from '../../api/orders.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { OrdersTable } from '../../ui/orders-table.tsx';
import { PagedClientTab } from './paged-tab.tsx';

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
    <PagedClientTab
      list={list}
      pages={pages}
      newLink={
        canManage
          ? {
              to: `/staff/orders/new?clientId=${client.id}`,
              label: t('staffAdmin:orders.list.newOrder'),
              testId: 'client-new-order',
            }
          : null
      }
      words={{
        loading: t('staffAdmin:orders.list.loading'),
        couldNotLoad: t('staffAdmin:orders.list.couldNotLoad'),
        empty: t('staffAdmin:orders.list.emptyClient', { name: client.name }),
        pages: t('staffAdmin:orders.list.pages'),
      }}
      emptyTestId="client-orders-empty"
    >
      {(items) => <OrdersTable items={items} showClient={false} label={t('staffAdmin:orders.list.title')} />}
    </PagedClientTab>
  );
}
