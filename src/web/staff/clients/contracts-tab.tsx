import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { contractKeys, fetchContracts } from '../../api/contracts.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { ContractsTable } from '../../ui/contracts-table.tsx';
import { PagedClientTab } from './paged-tab.tsx';

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
    <PagedClientTab
      list={list}
      pages={pages}
      newLink={
        canManage
          ? {
              to: `/staff/contracts/new?clientId=${client.id}`,
              label: t('staffAdmin:contracts.list.newContract'),
              testId: 'client-new-contract',
            }
          : null
      }
      words={{
        loading: t('staffAdmin:contracts.list.loading'),
        couldNotLoad: t('staffAdmin:contracts.list.couldNotLoad'),
        empty: t('staffAdmin:contracts.list.emptyClient', { name: client.name }),
        pages: t('staffAdmin:contracts.list.pages'),
      }}
      emptyTestId="client-contracts-empty"
    >
      {(items) => <ContractsTable items={items} showClient={false} />}
    </PagedClientTab>
  );
}
