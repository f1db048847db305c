import { Select, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fetchPortalHours, hoursKeys } from '../../api/hours.ts';
import { HoursView } from '../../ui/hours/hours-view.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';

/**
 * The company's hour banks (seed 002's hours dashboard): one contract at a time, chosen when several
 * (`?contract=ID` opens one).
 */
export function HoursPage() {
  const { t } = useTranslation();
  // `?contract=ID` (the home card's link to one bank) chooses the contract shown first.
  const [params] = useSearchParams();
  const asked = Number(params.get('contract'));
  const [contractId, setContractId] = useState<number | null>(
    Number.isInteger(asked) && asked > 0 ? asked : null,
  );
  const page = useQuery({
    queryKey: hoursKeys.portal(contractId),
    queryFn: ({ signal }) => fetchPortalHours(contractId, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title={t('portalApp:nav.hours')}>{t('portalApp:hours.intro')}</PageHeader>
      {page.isPending ? (
        <PageLoader label={t('portalApp:hours.loading')} />
      ) : page.isError ? (
        <ErrorState
          title={t('portalApp:hours.couldNotLoad')}
          error={page.error}
          onRetry={() => void page.refetch()}
        />
      ) : page.data.contracts.length === 0 || !page.data.contract ? (
        <Text size="sm" data-testid="hours-empty">
          {t('portalApp:hours.empty')}
        </Text>
      ) : (
        <>
          {page.data.contracts.length > 1 ? (
            <Select
              mb="md"
              maw={420}
              label={t('portalApp:hours.contract')}
              data={page.data.contracts.map((c) => ({ value: String(c.id), label: c.name }))}
              value={String(page.data.contract.id)}
              onChange={(v) => v && setContractId(Number(v))}
              allowDeselect={false}
              data-testid="hours-contract"
            />
          ) : (
            <Text size="sm" mb="md" dir="auto" data-testid="hours-contract-name">
              {page.data.contract.name}
            </Text>
          )}
          <HoursView page={page.data} ticketHref={(id) => `/portal/tickets/${id}`} />
        </>
      )}
    </>
  );
}
