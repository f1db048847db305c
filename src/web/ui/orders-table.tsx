import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderListItem } from '../../shared/schemas/orders.ts';
import { useFormat } from './i18n/use-format.ts';
import { OrderStatusBadge, OrderTracking } from './order-bits.tsx';

/** Staff's table of orders: across clients (with the client column) or one client's. */
export function OrdersTable({
  items,
  showClient,
  label,
}: {
  items: readonly OrderListItem[];
  showClient: boolean;
  /** The table's name: it scrolls sideways on a phone, as a focusable, named region. */
  label: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={720} type="native" tabIndex={0} role="region" aria-label={label}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="orders-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('ui:order.colOrder')}</Table.Th>
            {showClient ? <Table.Th scope="col">{t('ui:order.colClient')}</Table.Th> : null}
            <Table.Th scope="col">{t('ui:order.colStatus')}</Table.Th>
            <Table.Th scope="col">{t('ui:order.colTotal')}</Table.Th>
            <Table.Th scope="col">{t('ui:order.colTracking')}</Table.Th>
            <Table.Th scope="col">{t('ui:order.colExpected')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((o) => (
            <Table.Tr key={o.id} data-testid={`order-row-${o.id}`}>
              <Table.Td>
                <Anchor component={Link} to={`/staff/orders/${o.id}`} fw={600}>
                  {t('ui:order.number', { id: o.id })}
                </Anchor>
                <Text size="sm" dir="auto">
                  {o.summary}
                  {o.lineCount > 1 ? ` ${t('ui:order.moreLines', { count: o.lineCount - 1 })}` : ''}
                </Text>
              </Table.Td>
              {showClient ? (
                <Table.Td>
                  <Anchor component={Link} to={`/staff/clients/${o.clientId}`} dir="auto">
                    {o.clientName}
                  </Anchor>
                </Table.Td>
              ) : null}
              <Table.Td>
                <OrderStatusBadge status={o.status} />
              </Table.Td>
              <Table.Td>{format.money(o.totalMinor, o.currency)}</Table.Td>
              <Table.Td>
                <OrderTracking tracking={o.tracking} />
              </Table.Td>
              <Table.Td>
                {o.expectedDate ? <time dateTime={o.expectedDate}>{format.day(o.expectedDate)}</time> : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
