import { Anchor, Card, Divider, Progress, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BankBalance } from '../../../shared/schemas/hours.ts';
import { fetchPortalHours, hoursKeys } from '../../api/hours.ts';
import { hoursIn } from '../../ui/hours/hours-view.tsx';
import { useFormat } from '../../ui/i18n/use-format.ts';

/**
 * Seed 002's fourth key metric: the hours left in the current period of each of the company's hour
 * banks, never a negative number, each with a link to its page. The first answer names every contract
 * with a bank and carries the default one's figures; the others are asked for one by one (under the
 * hours page's own keys, so opening one is instant). A company without a bank, or with none in a
 * period, sees no card rather than an empty one.
 */
export function HoursCard() {
  const { t } = useTranslation();
  const first = useQuery({
    queryKey: hoursKeys.portal(null),
    queryFn: ({ signal }) => fetchPortalHours(null, signal),
  });
  const shownId = first.data?.contract?.id;
  const others = (first.data?.contracts ?? []).filter((c) => c.id !== shownId);
  const rest = useQueries({
    queries: others.map((c) => ({
      queryKey: hoursKeys.portal(c.id),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchPortalHours(c.id, signal),
    })),
  });
  const failed = first.isError || rest.some((r) => r.isError);
  if (failed) {
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
  if (!first.data || rest.some((r) => !r.data)) return <Skeleton height={120} />;
  const banks = [first.data, ...rest.map((r) => r.data)]
    .flatMap((p) => (p?.contract && p.balance ? [{ contract: p.contract, balance: p.balance }] : []))
    .sort((a, b) => a.contract.name.localeCompare(b.contract.name) || a.contract.id - b.contract.id);
  if (!banks.length) return null;
  const several = banks.length > 1;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="home-hours" data-testid="home-hours">
      <Stack gap="xs">
        <Title order={2} size="h3" id="home-hours">
          {t('portalApp:home.hours.title')}
        </Title>
        {banks.map((b, i) => (
          <Fragment key={b.contract.id}>
            {i > 0 ? <Divider my={4} /> : null}
            <Bank name={b.contract.name} balance={b.balance} several={several} contractId={b.contract.id} />
          </Fragment>
        ))}
        {several ? null : (
          <Anchor component={Link} to="/portal/hours" size="sm">
            {t('portalApp:home.hours.link')}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

function Bank({
  name,
  balance,
  several,
  contractId,
}: {
  name: string;
  balance: BankBalance;
  several: boolean;
  contractId: number;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const over = balance.overMinutes !== null && balance.overMinutes > 0;
  const used = Math.min(
    100,
    balance.purchasedMinutes > 0 ? (balance.usedMinutes * 100) / balance.purchasedMinutes : 100,
  );
  const bar = t('ui:hours.bar', {
    used: hoursIn(format, balance.usedMinutes),
    purchased: hoursIn(format, balance.purchasedMinutes),
  });
  return (
    <Stack gap={6} data-testid="home-hours-bank">
      <Text size="sm" c="dimmed" dir="auto" data-testid="home-hours-contract">
        {name}
      </Text>
      <Text fz={several ? 22 : 28} fw={700} lh={1.2} data-testid="home-hours-figure">
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
        aria-label={several ? `${name}: ${bar}` : bar}
      />
      <Text size="xs" c="dimmed">
        {bar}
      </Text>
      {several ? (
        <Anchor
          component={Link}
          to={`/portal/hours?contract=${contractId}`}
          size="sm"
          data-testid="home-hours-link"
        >
          {t('portalApp:home.hours.linkOne', { contract: name })}
        </Anchor>
      ) : null}
    </Stack>
  );
}
