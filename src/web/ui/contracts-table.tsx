import { Anchor, Badge, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ContractListItem } from '../../shared/schemas/contracts.ts';
import { contractStatusColours, contractStatusKeys, contractTypeKeys } from './contract-words.ts';
import { useFormat } from './i18n/use-format.ts';

/** Staff's table of contracts: across clients (with the client column) or one client's. */
export function ContractsTable({
  items,
  showClient,
}: {
  items: readonly ContractListItem[];
  showClient: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="contracts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('staffAdmin:contracts.list.colName')}</Table.Th>
            {showClient ? <Table.Th scope="col">{t('staffAdmin:contracts.list.colClient')}</Table.Th> : null}
            <Table.Th scope="col">{t('staffAdmin:contracts.list.colType')}</Table.Th>
            <Table.Th scope="col">{t('staffAdmin:contracts.list.colStatus')}</Table.Th>
            <Table.Th scope="col">{t('staffAdmin:contracts.list.colPeriod')}</Table.Th>
            <Table.Th scope="col">{t('staffAdmin:contracts.list.colRenewal')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} data-testid={`contract-row-${c.id}`}>
              <Table.Td>
                <Anchor component={Link} to={`/staff/contracts/${c.id}`} fw={600} dir="auto">
                  {c.name}
                </Anchor>
              </Table.Td>
              {showClient ? (
                <Table.Td>
                  <Anchor component={Link} to={`/staff/clients/${c.clientId}`} dir="auto">
                    {c.clientName}
                  </Anchor>
                </Table.Td>
              ) : null}
              <Table.Td>{t(contractTypeKeys[c.type])}</Table.Td>
              <Table.Td>
                <Badge color={contractStatusColours[c.status]} variant="light">
                  {t(contractStatusKeys[c.status])}
                </Badge>
              </Table.Td>
              <Table.Td>
                {c.endDate
                  ? t('staffAdmin:contracts.list.period', {
                      start: format.day(c.startDate),
                      end: format.day(c.endDate),
                    })
                  : t('staffAdmin:contracts.list.from', { start: format.day(c.startDate) })}
              </Table.Td>
              <Table.Td>{c.renewalDate ? format.day(c.renewalDate) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
