import { Button, Card, Group, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { contractKeys, fetchContracts } from '../../api/contracts.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { ContractsTable } from '../../ui/contracts-table.tsx';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';

/** The client's contracts, newest start first, with a way to add one. */
export function ContractsTab({ client, canManage }: { client: ClientResponse; canManage: boolean }) {
  const { t } = useTranslation();
  const pages = useCursorPages(String(client.id));
  const params = { clientId: client.id, limit: 25, cursor: pages.cursor };
  const list = useQuery({
    queryKey: contractKeys.list(params),
    queryFn: ({ signal }) => fetchContracts(params, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      {canManage ? (
        <Group mb="md">
          <Button
            component={Link}
            to={`/staff/contracts/new?clientId=${client.id}`}
            data-testid="client-new-contract"
          >
            {t('staffAdmin:contracts.list.newContract')}
          </Button>
        </Group>
      ) : null}
      {list.isPending ? (
        <PageLoader label={t('staffAdmin:contracts.list.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('staffAdmin:contracts.list.couldNotLoad')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="client-contracts-empty">
          <Text fw={600}>{t('staffAdmin:contracts.list.emptyClient', { name: client.name })}</Text>
        </Card>
      ) : (
        <>
          <ContractsTable items={list.data.items} showClient={false} />
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
