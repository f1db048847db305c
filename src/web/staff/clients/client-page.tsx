import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Modal,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { ErrorState, NotFound, PageLoader } from '../../ui/states.tsx';
import { useArchiveClient, useClient } from './api/clients.ts';
import { ContactsTab } from './contacts-tab.tsx';
import { ContractsTab } from './contracts-tab.tsx';
import { OrdersTab } from './orders-tab.tsx';
import { OverviewTab } from './overview-tab.tsx';
import { PortalTab } from './portal-tab.tsx';
import { RatingsTab } from './ratings-tab.tsx';
import { ActivityTab, ReportsTab, SchedulesTab } from './reports-tab.tsx';

const tabs = [
  'overview',
  'contacts',
  'contracts',
  'orders',
  'ratings',
  'reports',
  'activity',
  'schedules',
  'portal',
] as const;
type Tab = (typeof tabs)[number];

export function ClientPage() {
  const { t } = useTranslation();
  const params = useParams();
  const clientId = Number(params.clientId);
  const tab: Tab | null =
    params.tab === undefined ? 'overview' : (tabs.find((t) => t === params.tab) ?? null);
  const valid = Number.isInteger(clientId) && clientId > 0 && tab !== null;
  const client = useClient(valid ? clientId : 0);

  if (!valid || (client.isError && client.error instanceof ApiError && client.error.status === 404)) {
    return <NotFound homeTo="/staff/clients" homeLabel={t('staffAdmin:clients.page.backToList')} />;
  }
  if (client.isPending) return <PageLoader label={t('staffAdmin:clients.page.loading')} />;
  if (client.isError) {
    return (
      <ErrorState
        title={t('staffAdmin:clients.page.loadError')}
        error={client.error}
        onRetry={() => void client.refetch()}
      />
    );
  }
  return <ClientView client={client.data} tab={tab} />;
}

function ClientView({ client, tab }: { client: ClientResponse; tab: Tab }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const canSeeRatings = me?.kind === 'staff' && me.permissions.includes('tickets:view');
  const base = `/staff/clients/${client.id}`;

  return (
    <Stack gap="md">
      {/* "›" is a mirrored character: in a right-to-left page the browser draws it as "‹" itself. */}
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/staff/clients" size="sm">
          {t('staffAdmin:clients.list.title')}
        </Anchor>
        <Text size="sm" dir="auto">
          {client.name}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={1} style={{ overflowWrap: 'anywhere' }} dir="auto" data-testid="client-title">
            {client.name}
          </Title>
          <Group gap="xs">
            {client.archivedAt ? (
              <Badge color="gray" variant="outline" data-testid="client-archived">
                {t('staffAdmin:clients.archived')}
              </Badge>
            ) : null}
            <Badge color={client.portalEnabled ? 'teal' : 'gray'} variant="light">
              {client.portalEnabled
                ? t('staffAdmin:clients.page.portalOn')
                : t('staffAdmin:clients.page.portalOff')}
            </Badge>
            {client.requireMfa ? (
              <Badge color="blue" variant="light">
                {t('staffAdmin:clients.page.mfaRequired')}
              </Badge>
            ) : null}
          </Group>
        </Stack>
        {canManage ? <ArchiveButton client={client} /> : null}
      </Group>
      {client.archivedAt ? (
        <Alert color="gray" title={t('staffAdmin:clients.page.archivedTitle')}>
          {t('staffAdmin:clients.page.archivedBody')}
        </Alert>
      ) : null}

      <Tabs
        value={tab}
        onChange={(v) => {
          if (v) void navigate(v === 'overview' ? base : `${base}/${v}`);
        }}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="overview" data-testid="tab-overview">
            {t('staffAdmin:clients.page.tabOverview')}
          </Tabs.Tab>
          <Tabs.Tab value="contacts" data-testid="tab-contacts">
            {t('staffAdmin:clients.page.tabContacts', { count: client.contactCount })}
          </Tabs.Tab>
          <Tabs.Tab value="contracts" data-testid="tab-contracts">
            {t('staffAdmin:clients.page.tabContracts')}
          </Tabs.Tab>
          <Tabs.Tab value="orders" data-testid="tab-orders">
            {t('staffAdmin:clients.page.tabOrders')}
          </Tabs.Tab>
          {canSeeRatings ? (
            <Tabs.Tab value="ratings" data-testid="tab-ratings">
              {t('staffAdmin:clients.page.tabRatings')}
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="reports" data-testid="tab-reports">
            {t('staffAdmin:clients.page.tabReports')}
          </Tabs.Tab>
          <Tabs.Tab value="activity" data-testid="tab-activity">
            {t('staffAdmin:clients.page.tabActivity')}
          </Tabs.Tab>
          {canManage ? (
            <Tabs.Tab value="schedules" data-testid="tab-schedules">
              {t('staffAdmin:clients.page.tabSchedules')}
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="portal" data-testid="tab-portal">
            {t('staffAdmin:clients.page.tabPortal')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="lg">
          <OverviewTab client={client} canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="contacts" pt="lg">
          <ContactsTab client={client} canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="contracts" pt="lg">
          <ContractsTab client={client} canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="orders" pt="lg">
          <OrdersTab client={client} canManage={canManage} />
        </Tabs.Panel>
        {canSeeRatings ? (
          <Tabs.Panel value="ratings" pt="lg">
            <RatingsTab client={client} />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="reports" pt="lg">
          <ReportsTab client={client} />
        </Tabs.Panel>
        <Tabs.Panel value="activity" pt="lg">
          <ActivityTab client={client} />
        </Tabs.Panel>
        {canManage ? (
          <Tabs.Panel value="schedules" pt="lg">
            <SchedulesTab client={client} />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="portal" pt="lg">
          <PortalTab client={client} canManage={canManage} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function ArchiveButton({ client }: { client: ClientResponse }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const archive = useArchiveClient(client.id);
  const archiving = client.archivedAt === null;
  return (
    <>
      <Button
        variant={archiving ? 'default' : 'light'}
        color={archiving ? 'red' : undefined}
        onClick={open}
        data-testid={archiving ? 'archive-client' : 'restore-client'}
      >
        {archiving ? t('staffAdmin:clients.page.archive') : t('staffAdmin:clients.page.restore')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={
          archiving
            ? t('staffAdmin:clients.page.archiveTitle', { name: client.name })
            : t('staffAdmin:clients.page.restoreTitle', { name: client.name })
        }
      >
        <Stack gap="md">
          <Text size="sm">
            {archiving ? t('staffAdmin:clients.page.archiveBody') : t('staffAdmin:clients.page.restoreBody')}
          </Text>
          {archive.isError ? (
            <Alert color="red" role="alert">
              {errorMessage(archive.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('staffAdmin:cancel')}
            </Button>
            <Button
              color={archiving ? 'red' : undefined}
              loading={archive.isPending}
              onClick={() => archive.mutate(archiving, { onSuccess: close })}
              data-testid="confirm-archive"
            >
              {archiving
                ? t('staffAdmin:clients.page.archiveConfirm')
                : t('staffAdmin:clients.page.restoreConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
