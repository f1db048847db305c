import {
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { OrderResponse, OrderStatus } from '../../../shared/schemas/orders.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { OrderStatusBadge } from '../../ui/order-bits.tsx';
import { orderStatusKeys } from '../../ui/order-words.ts';
import { OrderLines, OrderShippingCards } from '../../ui/orders/order-details.tsx';
import { ErrorState, NotFound, PageLoader, SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useChangeOrderStatus, useOrder, useUpdateOrder } from './api.ts';
import { OrderFormFields, toPatchBody, valuesFromOrder } from './order-form.tsx';

export function OrderPage() {
  const { t } = useTranslation();
  const params = useParams();
  const orderId = Number(params.orderId);
  const valid = Number.isInteger(orderId) && orderId > 0;
  const order = useOrder(valid ? orderId : 0);
  if (!valid || (order.isError && order.error instanceof ApiError && order.error.status === 404)) {
    return <NotFound homeTo="/staff/orders" homeLabel={t('staffAdmin:orders.page.backToList')} />;
  }
  if (order.isPending) return <PageLoader label={t('staffAdmin:orders.page.loading')} />;
  if (order.isError) {
    return (
      <ErrorState
        title={t('staffAdmin:orders.page.loadError')}
        error={order.error}
        onRetry={() => void order.refetch()}
      />
    );
  }
  return <OrderView order={order.data} />;
}

function OrderView({ order }: { order: OrderResponse }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const [editing, setEditing] = useState(false);
  const closed = order.nextStatuses.length === 0;

  return (
    <Stack gap="md">
      {/* "›" is a mirrored character: in a right-to-left page the browser draws it as "‹" itself. */}
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/staff/orders" size="sm">
          {t('staffAdmin:orders.list.title')}
        </Anchor>
        <Text size="sm">{t('ui:order.number', { id: order.id })}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={1} id="order-heading" data-testid="order-title">
            {t('ui:order.number', { id: order.id })}
          </Title>
          <Group gap="xs">
            <OrderStatusBadge status={order.status} />
            <Anchor component={Link} to={`/staff/clients/${order.clientId}/orders`} dir="auto">
              {order.clientName}
            </Anchor>
          </Group>
        </Stack>
        {canManage && !closed && !editing ? (
          <Button variant="default" onClick={() => setEditing(true)} data-testid="order-edit">
            {t('staffAdmin:orders.page.edit')}
          </Button>
        ) : null}
      </Group>

      {editing ? (
        <EditOrder order={order} onDone={() => setEditing(false)} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                {t('ui:order.colTotal')}
              </Text>
              <Text fw={600} data-testid="order-total">
                {format.money(order.totalMinor, order.currency)}
              </Text>
            </Card>
            <OrderShippingCards order={order} />
          </SimpleGrid>
          <OrderLines order={order} minWidth={520} />
          <Card withBorder>
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('staffAdmin:orders.form.orderedBy')}
              </Text>
              <Text dir="auto">{order.orderedBy?.name ?? '—'}</Text>
              <Text size="sm" c="dimmed">
                {t('staffAdmin:orders.form.notes')}
              </Text>
              <Text dir="auto" style={{ whiteSpace: 'pre-wrap' }} data-testid="order-notes-text">
                {order.notes || '—'}
              </Text>
            </Stack>
          </Card>
        </>
      )}

      {canManage && !closed && !editing ? <ChangeStatus order={order} /> : null}

      <Card withBorder>
        <Title order={2} size="h4" mb="sm" id="order-history-heading">
          {t('staffAdmin:orders.page.history')}
        </Title>
        <Table.ScrollContainer
          minWidth={420}
          type="native"
          tabIndex={0}
          role="region"
          aria-labelledby="order-history-heading"
        >
          <Table data-testid="order-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('staffAdmin:orders.page.historyWhen')}</Table.Th>
                <Table.Th scope="col">{t('staffAdmin:orders.page.historyStatus')}</Table.Th>
                <Table.Th scope="col">{t('staffAdmin:orders.page.historyBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {order.history.map((h) => (
                <Table.Tr key={`${h.at}-${h.to}`}>
                  <Table.Td>
                    <time dateTime={h.at}>{format.dateTime(h.at)}</time>
                  </Table.Td>
                  <Table.Td>
                    {h.from
                      ? t('staffAdmin:orders.page.fromTo', {
                          from: t(orderStatusKeys[h.from]),
                          to: t(orderStatusKeys[h.to]),
                        })
                      : t(orderStatusKeys[h.to])}
                  </Table.Td>
                  <Table.Td dir="auto">{h.byName ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}

function EditOrder({ order, onDone }: { order: OrderResponse; onDone: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState(() => valuesFromOrder(order));
  const update = useSubmitOnce(useUpdateOrder(order.id));
  const serverErrors = update.error instanceof ApiError ? update.error.fields : {};
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate(toPatchBody(values), { onSuccess: onDone });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('staffAdmin:orders.page.edit')}>
      <Stack gap="lg">
        <OrderFormFields
          values={values}
          onChange={setValues}
          errors={serverErrors}
          disabled={update.isPending}
          creating={false}
        />
        {update.isError ? (
          <SubmitError title={t('staffAdmin:orders.page.notSaved')} error={update.error} />
        ) : null}
        <Group>
          <Button type="submit" loading={update.isPending} data-testid="order-save">
            {t('staffAdmin:orders.page.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('staffAdmin:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Moves the order on; a carrier and tracking number may come with it (when it ships). */
function ChangeStatus({ order }: { order: OrderResponse }) {
  const { t } = useTranslation();
  const [to, setTo] = useState<OrderStatus | null>(order.nextStatuses[0] ?? null);
  const [carrier, setCarrier] = useState(order.tracking.carrier ?? '');
  const [tracking, setTracking] = useState(order.tracking.trackingNumber ?? '');
  const change = useSubmitOnce(useChangeOrderStatus(order.id));
  const serverErrors = change.error instanceof ApiError ? change.error.fields : {};
  const shipping = to === 'shipped';
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!to) return;
    change.mutate(shipping ? { status: to, carrier, trackingNumber: tracking } : { status: to });
  };
  return (
    <Card withBorder component="section" aria-labelledby="order-status-heading">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="order-status-heading">
            {t('staffAdmin:orders.page.changeStatus')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('staffAdmin:orders.page.changeStatusHint')}
          </Text>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Select
              label={t('staffAdmin:orders.page.newStatus')}
              data={order.nextStatuses.map((s) => ({ value: s, label: t(orderStatusKeys[s]) }))}
              value={to}
              onChange={(v) => setTo(v as OrderStatus | null)}
              allowDeselect={false}
              error={serverErrors.status}
              style={{ flex: '0 1 200px' }}
              data-testid="order-next-status"
            />
            {shipping ? (
              <>
                <TextInput
                  label={t('staffAdmin:orders.form.carrier')}
                  value={carrier}
                  onChange={(e) => setCarrier(e.currentTarget.value)}
                  error={serverErrors.carrier}
                  dir="auto"
                  style={{ flex: '1 1 160px' }}
                  data-testid="order-status-carrier"
                />
                <TextInput
                  label={t('staffAdmin:orders.form.trackingNumber')}
                  value={tracking}
                  onChange={(e) => setTracking(e.currentTarget.value)}
                  error={serverErrors.trackingNumber}
                  dir="auto"
                  style={{ flex: '1 1 200px' }}
                  data-testid="order-status-tracking"
                />
              </>
            ) : null}
            <Button type="submit" loading={change.isPending} disabled={!to} data-testid="order-status-save">
              {t('staffAdmin:orders.page.applyStatus')}
            </Button>
          </Group>
          {change.isError ? (
            <SubmitError title={t('staffAdmin:orders.page.statusNotChanged')} error={change.error} />
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}
