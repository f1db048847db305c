import { Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ContractStatus, contractStatuses } from '../../../shared/schemas/contracts.ts';
import { useMe } from '../../api/auth.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { contractStatusKeys } from '../../ui/contract-words.ts';
import { ContractsTable } from '../../ui/contracts-table.tsx';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useContractList } from './api.ts';

/** Every client's contracts, newest start first, filtered by status. */
export function ContractsListPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const [status, setStatus] = useState<ContractStatus | 'all'>('all');
  const pages = useCursorPages(status);
  const list = useContractList({
    status: status === 'all' ? undefined : status,
    limit: 25,
    cursor: pages.cursor,
  });

  return (
    <>
      <PageHeader title={t('staffAdmin:contracts.list.title')}>
        {t('staffAdmin:contracts.list.intro')}
      </PageHeader>
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <Select
          label={t('staffAdmin:contracts.list.status')}
          data={[
            { value: 'all', label: t('staffAdmin:contracts.list.allStatuses') },
            ...contractStatuses.map((s) => ({ value: s, label: t(contractStatusKeys[s]) })),
          ]}
          value={status}
          onChange={(v) => v && setStatus(v as ContractStatus | 'all')}
          allowDeselect={false}
          style={{ flex: '0 1 220px' }}
          data-testid="contracts-status"
        />
        {canManage ? (
          <Button component={Link} to="/staff/contracts/new" data-testid="new-contract">
            {t('staffAdmin:contracts.list.newContract')}
          </Button>
        ) : null}
      </Group>
      {list.isPending ? (
        <PageLoader label={t('staffAdmin:contracts.list.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('staffAdmin:contracts.list.couldNotLoad')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="contracts-empty">
          <Stack gap="xs" align="flex-start">
            <Text fw={600}>{t('staffAdmin:contracts.list.empty')}</Text>
          </Stack>
        </Card>
      ) : (
        <>
          <ContractsTable items={list.data.items} showClient />
          <Pager
            label={t('staffAdmin:contracts.list.pages')}
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
