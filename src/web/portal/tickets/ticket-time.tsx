import { Card, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchPortalTicketTime, timeKeys } from '../../api/time.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { useMinutes } from '../../ui/time-bits.tsx';

/**
 * The approved time on the ticket (issue 14, point 4): each entry's date, who worked, the minutes worked
 * and billed, and the note, with the totals. Shown when the provider shows time in the portal; drafts
 * and time awaiting approval never reach the portal.
 */
export function TicketTimeSection({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const minutes = useMinutes();
  const time = useQuery({
    queryKey: timeKeys.portal(ticketId),
    queryFn: ({ signal }) => fetchPortalTicketTime(ticketId, signal),
  });
  if (!time.data?.shown) return null;
  const { items, totals } = time.data;
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby="ticket-time-heading"
      data-testid="portal-time"
    >
      <Title order={2} size="h4" id="ticket-time-heading" mb="sm">
        {t('portalApp:time.title')}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('portalApp:time.none')}
        </Text>
      ) : (
        <>
          {/* Scrolls sideways on a phone: focusable and named, so it can be scrolled from the keyboard. */}
          <Table.ScrollContainer
            minWidth={480}
            type="native"
            tabIndex={0}
            role="region"
            aria-labelledby="ticket-time-heading"
          >
            <Table striped fz="sm" data-testid="portal-time-entries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('portalApp:time.date')}</Table.Th>
                  <Table.Th>{t('portalApp:time.who')}</Table.Th>
                  <Table.Th>{t('portalApp:time.actual')}</Table.Th>
                  <Table.Th>{t('portalApp:time.billed')}</Table.Th>
                  <Table.Th>{t('portalApp:time.note')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <time dateTime={e.entryDate}>{format.day(e.entryDate)}</time>
                    </Table.Td>
                    <Table.Td dir="auto">{e.who}</Table.Td>
                    <Table.Td>
                      <time dateTime={`PT${Math.abs(e.actualMinutes)}M`}>{minutes(e.actualMinutes)}</time>
                    </Table.Td>
                    <Table.Td>
                      <time dateTime={`PT${Math.abs(e.billedMinutes)}M`}>{minutes(e.billedMinutes)}</time>
                    </Table.Td>
                    <Table.Td dir="auto" style={{ overflowWrap: 'anywhere' }}>
                      {e.note}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="sm" mt="sm" data-testid="portal-time-totals">
            {t('portalApp:time.totals', {
              actual: minutes(totals.actualMinutes),
              billed: minutes(totals.billedMinutes),
            })}
          </Text>
        </>
      )}
    </Card>
  );
}
