import { Card, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchPortalHomeMetrics, portalHomeKeys } from '../../api/portal-home.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';

/**
 * The seed's key metrics for a contact who sees all of the company's tickets: open requests, those
 * closed in the last 30 days, and SLA compliance over them. (Hours remaining belongs beside these once
 * hour banks exist; it is not shown before there is a figure to show.)
 */
export function MetricsCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const metrics = useQuery({
    queryKey: portalHomeKeys.metrics,
    queryFn: ({ signal }) => fetchPortalHomeMetrics(signal),
  });
  const m = metrics.data;
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby="home-metrics"
      data-testid="home-metrics"
    >
      <Title order={2} size="h3" id="home-metrics" mb="sm">
        {t('portalApp:home.metrics.title')}
      </Title>
      {metrics.isError ? (
        <Text size="sm" c="red">
          {t('portalApp:home.metrics.error')}
        </Text>
      ) : !m ? (
        <Skeleton height={64} />
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
          <Figure
            label={t('portalApp:home.metrics.open')}
            value={format.number(m.open)}
            testId="metric-open"
          />
          <Figure
            label={t('portalApp:home.metrics.closed')}
            value={format.number(m.closed)}
            testId="metric-closed"
          />
          <Figure
            label={t('portalApp:home.metrics.compliance')}
            value={
              m.sla.rate === null
                ? '–'
                : format.number(m.sla.rate, { style: 'percent', maximumFractionDigits: 0 })
            }
            note={
              m.sla.rate === null
                ? t('portalApp:home.metrics.noCompliance')
                : t('portalApp:home.metrics.complianceOf', { met: m.sla.met, total: m.sla.total })
            }
            testId="metric-compliance"
          />
        </SimpleGrid>
      )}
    </Card>
  );
}

function Figure({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  testId: string;
}) {
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {value}
      </Text>
      {note ? (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      ) : null}
    </Stack>
  );
}
