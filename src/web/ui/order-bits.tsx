import { Anchor, Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../shared/schemas/orders.ts';
import { orderStatusColours, orderStatusKeys } from './order-words.ts';

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={orderStatusColours[status]}
      variant="light"
      styles={{ label: { textTransform: 'none' } }}
      data-testid="order-status"
    >
      {t(orderStatusKeys[status])}
    </Badge>
  );
}

/** The carrier and tracking number, the number a link to the carrier's page when we know it. */
export function OrderTracking({
  tracking,
}: {
  tracking: { carrier: string | null; trackingNumber: string | null; trackingUrl: string | null };
}) {
  const { t } = useTranslation();
  if (!tracking.trackingNumber) {
    return tracking.carrier ? (
      <Text size="sm" dir="auto">
        {tracking.carrier}
      </Text>
    ) : (
      <Text size="sm" c="dimmed">
        {t('ui:order.noTracking')}
      </Text>
    );
  }
  return (
    <Text size="sm" data-testid="order-tracking">
      {tracking.carrier ? (
        <Text span dir="auto">
          {tracking.carrier}{' '}
        </Text>
      ) : null}
      {tracking.trackingUrl ? (
        <Anchor
          href={tracking.trackingUrl}
          target="_blank"
          rel="noopener noreferrer"
          dir="ltr"
          aria-label={t('ui:order.trackLink', { number: tracking.trackingNumber })}
          data-testid="order-tracking-link"
        >
          {tracking.trackingNumber}
        </Anchor>
      ) : (
        <Text span dir="ltr">
          {tracking.trackingNumber}
        </Text>
      )}
    </Text>
  );
}
