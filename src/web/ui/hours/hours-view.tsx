import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { intlLocale } from '../../../shared/format/format.ts';
import type { HoursPage, LedgerEntry, LotOut } from '../../../shared/schemas/hours.ts';
import { useMirroredAxes } from '../chart-direction.ts';
import { type BoundFormat, useFormat } from '../i18n/use-format.ts';

/** "3.5 hours", "3,5 Stunden", "٣٫٥ ساعات": hours in the viewer's language, never negative. */
export function hoursIn(format: BoundFormat, minutes: number): string {
  return format.number(Math.max(0, minutes) / 60, {
    style: 'unit',
    unit: 'hour',
    unitDisplay: 'long',
    maximumFractionDigits: 2,
  });
}

function minutesIn(format: BoundFormat, minutes: number): string {
  return format.duration(Math.abs(minutes) * 60_000);
}

/** A table that scrolls sideways on a narrow screen; focusable, so a keyboard can scroll it too. */
function Scroller({ minWidth, children }: { minWidth: number; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <div tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}

function lotText(
  t: (key: string, params?: Record<string, unknown>) => string,
  format: BoundFormat,
  lot: LotOut,
) {
  if (lot.kind === 'allowance') return t('ui:hours.lot.allowance');
  if (lot.kind === 'rollover') return t('ui:hours.lot.rollover', { date: format.day(lot.fromPeriodStart) });
  return t('ui:hours.lot.block', { date: format.day(lot.purchasedOn) });
}

/** "Mar 2026", "März 2026": a month of usage. */
function monthIn(format: BoundFormat, month: string): string {
  return new Intl.DateTimeFormat(intlLocale(format.locale.language), {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

function LedgerRow({ entry, ticketHref }: { entry: LedgerEntry; ticketHref: (id: number) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const correction = entry.billedMinutes < 0;
  return (
    <Table.Tr data-testid="hours-ledger-row">
      <Table.Td>
        {format.day(entry.date)}
        {entry.countedOn ? (
          <Text size="xs" c="dimmed">
            {t('ui:hours.countedOn', { date: format.day(entry.countedOn) })}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={ticketHref(entry.ticketId)} size="sm" dir="auto">
          {entry.ticketSubject}
        </Anchor>
      </Table.Td>
      <Table.Td dir="auto">{entry.who}</Table.Td>
      <Table.Td>{minutesIn(format, entry.actualMinutes)}</Table.Td>
      <Table.Td>
        {correction ? (
          <Badge color="gray" variant="light">
            {t('ui:hours.correction', { duration: minutesIn(format, entry.billedMinutes) })}
          </Badge>
        ) : (
          minutesIn(format, entry.billedMinutes)
        )}
        {entry.creditedMinutes > 0 ? (
          <Text size="xs" c="dimmed">
            {t('ui:hours.credited', { duration: minutesIn(format, entry.creditedMinutes) })}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          {entry.draws.map((d) => (
            <Text size="sm" key={JSON.stringify(d.lot)}>
              {t('ui:hours.draw', { lot: lotText(t, format, d.lot), duration: minutesIn(format, d.minutes) })}
            </Text>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td>{entry.overageMinutes > 0 ? minutesIn(format, entry.overageMinutes) : '—'}</Table.Td>
    </Table.Tr>
  );
}

/**
 * A contract's hour bank as the client reads it (issue 14, point 7), and as staff see it: the same
 * figures from the same rows. Purchased, used and remaining with a bar (never a negative number), the run-out
 * date, hours per ticket, the ledger, usage by month, past periods and prepaid blocks.
 */
export function HoursView({ page, ticketHref }: { page: HoursPage; ticketHref: (id: number) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const axes = useMirroredAxes();
  const { balance, contract } = page;
  if (!contract) return null;
  const used = balance?.usedMinutes ?? 0;
  const purchased = balance?.purchasedMinutes ?? 0;
  const over = balance?.overMinutes ?? null;
  const share = purchased > 0 ? Math.min(100, (used / purchased) * 100) : used > 0 ? 100 : 0;
  const barColour = over !== null ? 'red' : share >= 90 ? 'orange' : 'teal';
  const chart = page.usageByMonth.map((m) => ({
    month: monthIn(format, m.month),
    hours: Math.round((m.minutes / 60) * 100) / 100,
  }));

  return (
    <Stack gap="lg">
      {balance ? (
        <Card withBorder data-testid="hours-balance">
          <Title order={2} size="h4" mb={4}>
            {t('ui:hours.thisPeriod')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('ui:hours.period', {
              start: format.day(balance.periodStart),
              end: format.day(balance.periodEnd),
            })}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" mb="sm">
            <div>
              <Text size="sm" c="dimmed">
                {t('ui:hours.purchased')}
              </Text>
              <Text fw={700} size="xl" data-testid="hours-purchased">
                {hoursIn(format, purchased)}
              </Text>
            </div>
            <div>
              <Text size="sm" c="dimmed">
                {t('ui:hours.used')}
              </Text>
              <Text fw={700} size="xl" data-testid="hours-used">
                {hoursIn(format, used)}
              </Text>
            </div>
            <div>
              <Text size="sm" c="dimmed">
                {over !== null ? t('ui:hours.overLabel') : t('ui:hours.remaining')}
              </Text>
              <Text fw={700} size="xl" c={over !== null ? 'red.8' : undefined} data-testid="hours-remaining">
                {over !== null
                  ? t('ui:hours.over', { hours: hoursIn(format, over) })
                  : hoursIn(format, balance.remainingMinutes ?? 0)}
              </Text>
            </div>
          </SimpleGrid>
          <Progress
            value={share}
            color={barColour}
            size="lg"
            aria-label={t('ui:hours.bar', {
              used: hoursIn(format, used),
              purchased: hoursIn(format, purchased),
            })}
          />
          <Text size="sm" mt="sm" data-testid="hours-run-out">
            {page.runOutOn
              ? t('ui:hours.runOut', { date: format.day(page.runOutOn) })
              : page.lastsThePeriod
                ? t('ui:hours.lastsPeriod')
                : t('ui:hours.noPace')}
          </Text>
          {contract.overageRateMinor !== null ? (
            <Text size="sm" c="dimmed">
              {t('ui:hours.overageRate', {
                rate: format.money(contract.overageRateMinor, contract.currency),
              })}
            </Text>
          ) : null}
        </Card>
      ) : (
        <Card withBorder>
          <Text size="sm">{t('ui:hours.noOpenPeriod')}</Text>
        </Card>
      )}

      <section aria-labelledby="hours-per-ticket">
        <Title order={2} size="h4" mb="xs" id="hours-per-ticket">
          {t('ui:hours.perTicket')}
        </Title>
        {page.perTicket.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('ui:hours.noEntries')}
          </Text>
        ) : (
          <Scroller minWidth={360}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ui:hours.ticket')}</Table.Th>
                  <Table.Th>{t('ui:hours.actual')}</Table.Th>
                  <Table.Th>{t('ui:hours.billed')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.perTicket.map((row) => (
                  <Table.Tr key={row.ticketId}>
                    <Table.Td>
                      <Anchor component={Link} to={ticketHref(row.ticketId)} size="sm" dir="auto">
                        {row.subject}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{minutesIn(format, row.actualMinutes)}</Table.Td>
                    <Table.Td>{minutesIn(format, row.billedMinutes)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Scroller>
        )}
      </section>

      <section aria-labelledby="hours-ledger">
        <Title order={2} size="h4" mb={4} id="hours-ledger">
          {t('ui:hours.ledger')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('ui:hours.ledgerIntro')}
        </Text>
        {page.ledger.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('ui:hours.noEntries')}
          </Text>
        ) : (
          <Scroller minWidth={760}>
            <Table data-testid="hours-ledger">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ui:hours.date')}</Table.Th>
                  <Table.Th>{t('ui:hours.ticket')}</Table.Th>
                  <Table.Th>{t('ui:hours.who')}</Table.Th>
                  <Table.Th>{t('ui:hours.actual')}</Table.Th>
                  <Table.Th>{t('ui:hours.billed')}</Table.Th>
                  <Table.Th>{t('ui:hours.drawnFrom')}</Table.Th>
                  <Table.Th>{t('ui:hours.overage')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.ledger.map((e) => (
                  <LedgerRow key={e.entryId} entry={e} ticketHref={ticketHref} />
                ))}
              </Table.Tbody>
            </Table>
          </Scroller>
        )}
      </section>

      {chart.length > 0 ? (
        <section aria-labelledby="hours-usage">
          <Title order={2} size="h4" mb="xs" id="hours-usage">
            {t('ui:hours.usage')}
          </Title>
          {/* The chart is for the eye; the table under it carries the same figures for everyone. */}
          <div aria-hidden="true" inert>
            <BarChart
              h={220}
              data={chart}
              dataKey="month"
              series={[{ name: 'hours', label: t('ui:hours.usageSeries'), color: 'teal.7' }]}
              valueFormatter={(v) => format.number(v, { maximumFractionDigits: 2 })}
              {...axes}
            />
          </div>
          <Table mt="xs" aria-label={t('ui:hours.usage')}>
            <Table.Tbody>
              {page.usageByMonth.map((m) => (
                <Table.Tr key={m.month}>
                  <Table.Td>{monthIn(format, m.month)}</Table.Td>
                  <Table.Td>{hoursIn(format, m.minutes)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      ) : null}

      <section aria-labelledby="hours-closed">
        <Title order={2} size="h4" mb="xs" id="hours-closed">
          {t('ui:hours.closed')}
        </Title>
        {page.closedPeriods.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('ui:hours.noClosed')}
          </Text>
        ) : (
          <Scroller minWidth={760}>
            <Table data-testid="hours-closed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ui:hours.closedPeriod')}</Table.Th>
                  <Table.Th>{t('ui:hours.purchased')}</Table.Th>
                  <Table.Th>{t('ui:hours.rolledIn')}</Table.Th>
                  <Table.Th>{t('ui:hours.used')}</Table.Th>
                  <Table.Th>{t('ui:hours.overage')}</Table.Th>
                  <Table.Th>{t('ui:hours.rolledOut')}</Table.Th>
                  <Table.Th>{t('ui:hours.expired')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.closedPeriods.map((p) => (
                  <Table.Tr key={p.periodStart}>
                    <Table.Td>
                      {t('ui:hours.period', {
                        start: format.day(p.periodStart),
                        end: format.day(p.periodEnd),
                      })}
                      {p.closedAt === null ? (
                        <Text size="xs" c="dimmed">
                          {t('ui:hours.closing')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{hoursIn(format, p.purchasedMinutes)}</Table.Td>
                    <Table.Td>{hoursIn(format, p.rolledOverInMinutes + p.carriedInMinutes)}</Table.Td>
                    <Table.Td>{hoursIn(format, p.usedMinutes)}</Table.Td>
                    <Table.Td>
                      {p.overageMinutes > 0
                        ? `${hoursIn(format, p.overageMinutes)} (${format.money(p.overageAmountMinor, p.currency)})`
                        : '—'}
                    </Table.Td>
                    <Table.Td>{hoursIn(format, p.rolledOverOutMinutes + p.carriedOutMinutes)}</Table.Td>
                    <Table.Td>{hoursIn(format, p.expiredMinutes)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Scroller>
        )}
      </section>

      {contract.bankKind === 'prepaid' ? (
        <section aria-labelledby="hours-blocks">
          <Title order={2} size="h4" mb="xs" id="hours-blocks">
            {t('ui:hours.blocks')}
          </Title>
          {page.blocks.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('ui:hours.noBlocks')}
            </Text>
          ) : (
            <Stack gap={4} data-testid="hours-blocks">
              {page.blocks.map((b) => (
                <Group key={b.id} gap="xs">
                  <Text size="sm">
                    {t('ui:hours.block', {
                      hours: hoursIn(format, b.minutes),
                      date: format.day(b.purchasedOn),
                    })}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {b.expiresOn
                      ? t('ui:hours.blockExpires', { date: format.day(b.expiresOn) })
                      : t('ui:hours.blockNoExpiry')}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </section>
      ) : null}
    </Stack>
  );
}
