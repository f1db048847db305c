import { Card, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderResponse } from '../../../shared/schemas/orders.ts';
import { useFormat } from '../i18n/use-format.ts';
import { OrderTracking } from '../order-bits.tsx';

type OrderLinesOrder = Pick<OrderResponse, 'lines' | 'currency' | 'totalMinor'>;

/**
 * The order's lines with their total, as both faces show them. The table scrolls in its own focusable
 * region, named by the page's `order-heading`. `totalTestId` marks the total cell where the page shows
 * the total nowhere else.
 */
export function OrderLines({
  order,
  minWidth,
  totalTestId,
}: {
  order: OrderLinesOrder;
  minWidth: number;
  totalTestId?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      type="native"
      tabIndex={0}
      role="region"
      aria-labelledby="order-heading"
    >
      <Table data-testid="order-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('ui:order.colDescription')}</Table.Th>
            <Table.Th scope="col" ta="end">
              {t('ui:order.colQuantity')}
            </Table.Th>
            <Table.Th scope="col" ta="end">
              {t('ui:order.colUnitPrice')}
            </Table.Th>
            <Table.Th scope="col" ta="end">
              {t('ui:order.colAmount')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.lines.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td dir="auto">{l.description}</Table.Td>
              <Table.Td ta="end">{format.number(l.quantity)}</Table.Td>
              <Table.Td ta="end">{format.money(l.unitPriceMinor, order.currency)}</Table.Td>
              <Table.Td ta="end">{format.money(l.amountMinor, order.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row" colSpan={3} ta="end">
              {t('ui:order.colTotal')}
            </Table.Th>
            <Table.Td ta="end" fw={600} data-testid={totalTestId}>
              {format.money(order.totalMinor, order.currency)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Two cards: how the order is tracked, and the day it is expected (a dash when nobody said). */
export function OrderShippingCards({ order }: { order: Pick<OrderResponse, 'tracking' | 'expectedDate'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <Card withBorder>
        <Text size="sm" c="dimmed">
          {t('ui:order.colTracking')}
        </Text>
        <OrderTracking tracking={order.tracking} />
      </Card>
      <Card withBorder>
        <Text size="sm" c="dimmed">
          {t('ui:order.colExpected')}
        </Text>
        <Text>
          {order.expectedDate ? (
            <time dateTime={order.expectedDate}>{format.day(order.expectedDate)}</time>
          ) : (
            '—'
          )}
        </Text>
      </Card>
    </>
  );
}
