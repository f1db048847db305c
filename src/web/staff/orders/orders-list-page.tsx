import { Button, Card, Group, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type OrderStatus, orderStatuses } from '../../../shared/schemas/orders.ts';
import { useMe } from '../../api/auth.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { orderStatusKeys } from '../../ui/order-words.ts';
import { OrdersTable } from '../../ui/orders-table.tsx';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useClientChoices, useOrderList } from './api.ts';

/** Every client's orders, newest first, filtered by status and client. */
export function OrdersListPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const [status, setStatus] = useState<OrderStatus | 'all'>('all');
  const [clientId, setClientId] = useState<number | null>(null);
  const clients = useClientChoices();
  const pages = useCursorPages(`${status}:${clientId ?? ''}`);
  const list = useOrderList({
    status: status === 'all' ? undefined : status,
    clientId: clientId ?? undefined,
    limit: 25,
    cursor: pages.cursor,
  });

  return (
    <>
      <PageHeader title={t('staffAdmin:orders.list.title')}>{t('staffAdmin:orders.list.intro')}</PageHeader>
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <Select
          label={t('staffAdmin:orders.list.status')}
          data={[
            { value: 'all', label: t('staffAdmin:orders.list.allStatuses') },
            ...orderStatuses.map((s) => ({ value: s, label: t(orderStatusKeys[s]) })),
          ]}
          value={status}
          onChange={(v) => v && setStatus(v as OrderStatus | 'all')}
          allowDeselect={false}
          style={{ flex: '0 1 220px' }}
          data-testid="orders-status"
        />
        <Select
          label={t('staffAdmin:orders.list.client')}
          placeholder={t('staffAdmin:orders.list.allClients')}
          clearable
          searchable
          data={(clients.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          value={clientId === null ? null : String(clientId)}
          onChange={(v) => setClientId(v ? Number(v) : null)}
          style={{ flex: '0 1 260px' }}
          data-testid="orders-client"
        />
        {canManage ? (
          <Button component={Link} to="/staff/orders/new" data-testid="new-order">
            {t('staffAdmin:orders.list.newOrder')}
          </Button>
        ) : null}
      </Group>
      {list.isPending ? (
        <PageLoader label={t('staffAdmin:orders.list.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('staffAdmin:orders.list.couldNotLoad')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="orders-empty">
          <Text fw={600}>{t('staffAdmin:orders.list.empty')}</Text>
        </Card>
      ) : (
        <>
          <OrdersTable items={list.data.items} showClient label={t('staffAdmin:orders.list.title')} />
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
