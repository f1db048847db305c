import { BarChart } from '@mantine/charts';
import { Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../../../shared/format/format.ts';
import { ticketPriorityKeys } from '../../../shared/i18n/labels.ts';
import type { MonthlySummary } from '../../../shared/schemas/reports.ts';
import type { TicketPriority } from '../../../shared/schemas/tickets.ts';
import { fetchMonthlySummary, type ReportScope, reportKeys, summaryFileUrl } from '../../api/reports.ts';
import { useMirroredAxes } from '../chart-direction.ts';
import { useFormat } from '../i18n/use-format.ts';
import { ErrorState, PageLoader } from '../states.tsx';

/** The last twelve months, newest first, as `YYYY-MM` (the current month included). */
function recentMonths(now: Date): string[] {
  const months: string[] = [];
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

/**
 * The monthly service summary (issue 14, point 11), in both faces: a month picker, the figures, bar
 * charts of the requests by priority and category, the top requesters, and the PDF and CSV downloads
 * (in the client's language, as the server writes them).
 */
export function MonthlySummaryView({ scope }: { scope: ReportScope }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [now] = useState(() => new Date());
  const months = useMemo(() => recentMonths(now), [now]);
  const [month, setMonth] = useState(months[1] ?? months[0] ?? '');
  const summary = useQuery({
    queryKey: reportKeys.summary(scope, month),
    queryFn: ({ signal }) => fetchMonthlySummary(scope, month, signal),
    placeholderData: keepPreviousData,
  });
  const monthName = (m: string) =>
    new Intl.DateTimeFormat(intlLocale(i18n.language), {
      year: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    }).format(new Date(`${m}-15T00:00:00Z`));

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Select
          label={t('ui:reports.month')}
          data={months.map((m) => ({ value: m, label: monthName(m) }))}
          value={month}
          onChange={(v) => v && setMonth(v)}
          allowDeselect={false}
          w={220}
          data-testid="report-month"
        />
        <Group gap="sm">
          <Button component="a" href={summaryFileUrl(scope, month, 'pdf')} download data-testid="report-pdf">
            {t('ui:reports.downloadPdf')}
          </Button>
          <Button
            component="a"
            variant="default"
            href={summaryFileUrl(scope, month, 'csv')}
            download
            data-testid="report-csv"
          >
            {t('ui:reports.downloadCsv')}
          </Button>
        </Group>
      </Group>
      {summary.isPending ? (
        <PageLoader label={t('ui:reports.loading')} />
      ) : summary.isError ? (
        <ErrorState
          title={t('ui:reports.couldNotLoad')}
          error={summary.error}
          onRetry={() => void summary.refetch()}
        />
      ) : (
        <SummaryFigures
          s={summary.data}
          percent={(v) => format.number(v, { style: 'percent', maximumFractionDigits: 1 })}
        />
      )}
    </Stack>
  );
}

function SummaryFigures({ s, percent }: { s: MonthlySummary; percent: (v: number) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const priority = (key: string) => {
    const k = ticketPriorityKeys[key as TicketPriority];
    return k ? t(k) : key;
  };
  const hours = (minutes: number) =>
    format.number(minutes / 60, {
      style: 'unit',
      unit: 'hour',
      unitDisplay: 'short',
      maximumFractionDigits: 2,
    });
  const sla = (f: MonthlySummary['sla']['response']) =>
    f.share === null
      ? t('common:report.noTarget')
      : t('common:report.slaFigure', {
          share: percent(f.share),
          met: format.number(f.met),
          total: format.number(f.met + f.breached),
        });
  const byPriority = mergeCounts(s.submitted.byPriority, s.resolved.byPriority, priority);
  const byCategory = mergeCounts(s.submitted.byCategory, s.resolved.byCategory, (key, label) =>
    key === 'none' || !label ? t('common:report.noCategory') : label,
  );
  const series = [
    { name: 'submitted', label: t('common:report.submitted'), color: 'blue.6' },
    { name: 'resolved', label: t('common:report.resolved'), color: 'teal.6' },
  ];
  const figure = (label: string, value: string, testId: string) => (
    <Card withBorder padding="md" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Card>
  );
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        {figure(t('common:report.submitted'), format.number(s.submitted.total), 'report-submitted')}
        {figure(t('common:report.resolved'), format.number(s.resolved.total), 'report-resolved')}
        {figure(t('common:report.billedTime'), hours(s.hours.billedMinutes), 'report-hours')}
        {figure(
          t('common:report.satisfaction'),
          s.satisfaction.share === null ? t('common:report.noRatings') : percent(s.satisfaction.share),
          'report-satisfaction',
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder padding="md" component="section" aria-labelledby="report-by-priority">
          <Title order={3} size="h5" id="report-by-priority" mb="sm">
            {t('common:report.byPriority')}
          </Title>
          <ChartOrNone data={byPriority} series={series} testId="chart-priority" />
        </Card>
        <Card withBorder padding="md" component="section" aria-labelledby="report-by-category">
          <Title order={3} size="h5" id="report-by-category" mb="sm">
            {t('common:report.byCategory')}
          </Title>
          <ChartOrNone data={byCategory} series={series} testId="chart-category" />
        </Card>
      </SimpleGrid>
      <Card withBorder padding="md" component="section" aria-labelledby="report-levels">
        <Title order={3} size="h5" id="report-levels" mb="sm">
          {t('common:report.sla')}
        </Title>
        <Table>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th scope="row">{t('common:report.slaResponse')}</Table.Th>
              <Table.Td data-testid="report-sla-response">{sla(s.sla.response)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('common:report.slaResolution')}</Table.Th>
              <Table.Td data-testid="report-sla-resolution">{sla(s.sla.resolution)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('common:report.actualTime')}</Table.Th>
              <Table.Td>{hours(s.hours.actualMinutes)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('common:report.billedTime')}</Table.Th>
              <Table.Td>{hours(s.hours.billedMinutes)}</Table.Td>
            </Table.Tr>
            {s.hours.bank ? (
              <Table.Tr>
                <Table.Th scope="row">{t('common:report.bankRemaining')}</Table.Th>
                <Table.Td>{hours(s.hours.bank.remainingMinutes)}</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="report-top">
        <Title order={3} size="h5" id="report-top" mb="sm">
          {t('common:report.topRequesters')}
        </Title>
        {s.topRequesters.length === 0 ? (
          <Text size="sm">{t('common:report.none')}</Text>
        ) : (
          <Table data-testid="report-top">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('common:report.col.who')}</Table.Th>
                <Table.Th>{t('common:report.requests')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.topRequesters.map((r) => (
                <Table.Tr key={r.contactId ?? r.name}>
                  <Table.Td>
                    <span dir="auto">{r.name}</span>
                  </Table.Td>
                  <Table.Td>{format.number(r.count)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}

type Row = { label: string; submitted: number; resolved: number };

function mergeCounts(
  submitted: MonthlySummary['submitted']['byPriority'],
  resolved: MonthlySummary['resolved']['byPriority'],
  label: (key: string, label: string | null) => string,
): Row[] {
  const rows = new Map<string, Row>();
  for (const c of submitted)
    rows.set(c.key, { label: label(c.key, c.label), submitted: c.count, resolved: 0 });
  for (const c of resolved) {
    const row = rows.get(c.key) ?? { label: label(c.key, c.label), submitted: 0, resolved: 0 };
    row.resolved = c.count;
    rows.set(c.key, row);
  }
  return [...rows.values()];
}

function ChartOrNone({
  data,
  series,
  testId,
}: {
  data: Row[];
  series: { name: string; label: string; color: string }[];
  testId: string;
}) {
  const { t } = useTranslation();
  const axes = useMirroredAxes({ yAxisProps: { allowDecimals: false } });
  if (data.length === 0) return <Text size="sm">{t('common:report.none')}</Text>;
  return (
    <div
      data-testid={testId}
      role="img"
      aria-label={data.map((d) => `${d.label}: ${d.submitted} / ${d.resolved}`).join('; ')}
    >
      <BarChart h={220} data={data} dataKey="label" series={series} withLegend tickLine="y" {...axes} />
    </div>
  );
}
