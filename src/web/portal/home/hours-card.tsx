import { Anchor, Card, Progress, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchPortalHours, hoursKeys } from '../../api/hours.ts';
import { hoursIn } from '../../ui/hours/hours-view.tsx';
import { useFormat } from '../../ui/i18n/use-format.ts';

/**
 * Seed 002's fourth key metric: the hours left in the current period of the company's hour bank (the
 * first contract with one; the hours page chooses among several), never a negative number. A company
 * without a bank, or between periods, sees no card rather than an empty one.
 */
export function HoursCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const hours = useQuery({
    queryKey: hoursKeys.portal(null),
    queryFn: ({ signal }) => fetchPortalHours(null, signal),
  });
  if (hours.isError) {
    return (
      <Card withBorder padding="lg" component="section" aria-labelledby="home-hours">
        <Title order={2} size="h3" id="home-hours" mb="xs">
          {t('portalApp:home.hours.title')}
        </Title>
        <Text size="sm" c="red">
          {t('portalApp:home.hours.error')}
        </Text>
      </Card>
    );
  }
  if (!hours.data) return <Skeleton height={120} />;
  const { contract, balance } = hours.data;
  if (!contract || !balance) return null;
  const over = balance.overMinutes !== null && balance.overMinutes > 0;
  const used = Math.min(
    100,
    balance.purchasedMinutes > 0 ? (balance.usedMinutes * 100) / balance.purchasedMinutes : 100,
  );
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="home-hours" data-testid="home-hours">
      <Stack gap="xs">
        <Title order={2} size="h3" id="home-hours">
          {t('portalApp:home.hours.title')}
        </Title>
        <Text size="sm" c="dimmed" dir="auto">
          {contract.name}
        </Text>
        <Text fz={28} fw={700} lh={1.2} data-testid="home-hours-figure">
          {over ? (
            t('ui:hours.over', { hours: hoursIn(format, balance.overMinutes ?? 0) })
          ) : (
            <time dateTime={`PT${balance.remainingMinutes ?? 0}M`}>
              {hoursIn(format, balance.remainingMinutes ?? 0)}
            </time>
          )}
        </Text>
        <Progress
          value={used}
          color={over ? 'red' : used >= 90 ? 'orange' : 'blue'}
          aria-label={t('ui:hours.bar', {
            used: hoursIn(format, balance.usedMinutes),
            purchased: hoursIn(format, balance.purchasedMinutes),
          })}
        />
        <Text size="xs" c="dimmed">
          {t('ui:hours.bar', {
            used: hoursIn(format, balance.usedMinutes),
            purchased: hoursIn(format, balance.purchasedMinutes),
          })}
        </Text>
        <Anchor component={Link} to="/portal/hours" size="sm">
          {t('portalApp:home.hours.link')}
        </Anchor>
      </Stack>
    </Card>
  );
}
