import {
  Anchor,
  Badge,
  Card,
  Group,
  List,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../../../shared/format/format.ts';
import { ticketPriorityKeys } from '../../../shared/i18n/labels.ts';
import type { PortalContract, PortalContractListQuery } from '../../../shared/schemas/contracts.ts';
import type { BusinessCalendar } from '../../../shared/schemas/sla.ts';
import { ticketPriorities } from '../../../shared/schemas/tickets.ts';
import { contractKeys, fetchPortalContracts } from '../../api/contracts.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { contractStatusColours, contractStatusKeys, contractTypeKeys } from '../../ui/contract-words.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { Pager } from '../../ui/pager.tsx';
import { targetWords } from '../../ui/sla/target-words.ts';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';

type Show = NonNullable<PortalContractListQuery['show']>;

/** The company's contracts: what is covered, how fast, when, where, and until when. */
export function ContractsPage() {
  const { t } = useTranslation();
  const [show, setShow] = useState<Show>('current');
  const pages = useCursorPages(show);
  const params: PortalContractListQuery = { show, limit: 10, cursor: pages.cursor };
  const list = useQuery({
    queryKey: contractKeys.portal(params),
    queryFn: ({ signal }) => fetchPortalContracts(params, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title={t('portalApp:nav.contracts')}>{t('portalApp:contracts.intro')}</PageHeader>
      <SegmentedControl
        mb="md"
        value={show}
        onChange={(v) => setShow(v as Show)}
        data={[
          { value: 'current', label: t('portalApp:contracts.current') },
          { value: 'past', label: t('portalApp:contracts.past') },
        ]}
        aria-label={t('portalApp:contracts.showLabel')}
        data-testid="contracts-show"
      />
      {list.isPending ? (
        <PageLoader label={t('portalApp:contracts.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('portalApp:contracts.couldNotLoad')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <Stack gap="md">
          {list.data.provider.supportEmail ? (
            <Text size="sm" data-testid="contracts-provider">
              {t('portalApp:contracts.questions', { provider: list.data.provider.name })}{' '}
              <Anchor href={`mailto:${list.data.provider.supportEmail}`}>
                {list.data.provider.supportEmail}
              </Anchor>
            </Text>
          ) : (
            <Text size="sm" data-testid="contracts-provider">
              {t('portalApp:contracts.questionsNoEmail', { provider: list.data.provider.name })}
            </Text>
          )}
          {list.data.items.length === 0 ? (
            <Card withBorder padding="xl" data-testid="contracts-empty">
              <Text fw={600}>
                {show === 'current'
                  ? t('portalApp:contracts.emptyCurrent')
                  : t('portalApp:contracts.emptyPast')}
              </Text>
            </Card>
          ) : (
            <>
              {list.data.items.map((c) => (
                <ContractCard key={c.id} contract={c} />
              ))}
              <Pager
                label={t('portalApp:contracts.pages')}
                page={pages.page}
                hasPrevious={pages.hasPrevious}
                nextCursor={list.data.nextCursor}
                onPrevious={pages.previous}
                onNext={pages.next}
              />
            </>
          )}
        </Stack>
      )}
    </>
  );
}

function ContractCard({ contract: c }: { contract: PortalContract }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  return (
    <Card
      withBorder
      padding="lg"
      component="article"
      aria-labelledby={`contract-${c.id}`}
      data-testid={`contract-${c.id}`}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={2} size="h3" id={`contract-${c.id}`} dir="auto">
              {c.name}
            </Title>
            <Text size="sm" c="dimmed">
              {t(contractTypeKeys[c.type])}
            </Text>
          </Stack>
          <Badge color={contractStatusColours[c.status]} variant="light">
            {t(contractStatusKeys[c.status])}
          </Badge>
        </Group>

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Stack gap={4}>
            <Text size="sm">
              {c.endDate
                ? t('portalApp:contracts.period', {
                    start: format.day(c.startDate),
                    end: format.day(c.endDate),
                  })
                : t('portalApp:contracts.from', { start: format.day(c.startDate) })}
            </Text>
            {c.renewalDate ? (
              <Text size="sm" data-testid="contract-renewal">
                {t('portalApp:contracts.renewal', { date: format.day(c.renewalDate) })}
              </Text>
            ) : null}
            <Text size="sm">
              {c.autoRenew ? t('portalApp:contracts.autoRenew') : t('portalApp:contracts.noAutoRenew')}
            </Text>
            {c.noticeDays !== null ? (
              <Text size="sm">{t('portalApp:contracts.notice', { count: c.noticeDays })}</Text>
            ) : null}
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('portalApp:contracts.sites')}
            </Text>
            {c.allSites ? <Text size="sm">{t('portalApp:contracts.allSites')}</Text> : null}
            {c.sites.length > 0 ? (
              <List size="sm">
                {c.sites.map((s) => (
                  <List.Item key={s.id}>
                    <span dir="auto">{s.label}</span>
                    <Text span size="xs" c="dimmed" dir="auto">
                      {' '}
                      {s.address}
                    </Text>
                  </List.Item>
                ))}
              </List>
            ) : c.allSites ? null : (
              <Text size="sm" c="dimmed">
                {t('portalApp:contracts.noSites')}
              </Text>
            )}
          </Stack>
        </SimpleGrid>

        {c.files.length > 0 ? (
          <Stack gap={4} data-testid="contract-files">
            <Title order={3} size="h5">
              {t('portalApp:contracts.documents')}
            </Title>
            <List size="sm">
              {c.files.map((f) => (
                <List.Item key={f.id}>
                  <Anchor href={f.url} download={f.filename} dir="auto">
                    {f.filename}
                  </Anchor>
                  <Text span size="xs" c="dimmed">
                    {' '}
                    {format.fileSize(f.sizeBytes)}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Stack>
        ) : null}

        {c.scopeHtml.trim() ? (
          <Stack gap={4}>
            <Title order={3} size="h5">
              {t('portalApp:contracts.scope')}
            </Title>
            <div
              className="markdown"
              dir="auto"
              // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by src/shared/markdown.ts on the server (raw HTML escaped, links limited)
              dangerouslySetInnerHTML={{ __html: c.scopeHtml }}
            />
          </Stack>
        ) : null}

        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('portalApp:contracts.sla')}
          </Title>
          {c.sla ? (
            <Table.ScrollContainer minWidth={300}>
              <Table verticalSpacing={4} data-testid="contract-sla">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('portalApp:contracts.priority')}</Table.Th>
                    <Table.Th scope="col">{t('portalApp:contracts.response')}</Table.Th>
                    <Table.Th scope="col">{t('portalApp:contracts.resolution')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {ticketPriorities.map((p) => {
                    const target = c.sla?.targets[p];
                    const alwaysOpen = c.coverage?.calendar.alwaysOpen ?? false;
                    return target ? (
                      <Table.Tr key={p}>
                        <Table.Th scope="row">{t(ticketPriorityKeys[p])}</Table.Th>
                        <Table.Td>{targetWords(target.responseMinutes, alwaysOpen, t)}</Table.Td>
                        <Table.Td>{targetWords(target.resolutionMinutes, alwaysOpen, t)}</Table.Td>
                      </Table.Tr>
                    ) : null;
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : (
            <Text size="sm">{t('portalApp:contracts.defaultSla')}</Text>
          )}
        </Stack>

        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('portalApp:contracts.coverage')}
          </Title>
          {c.coverage ? (
            <CoverageHours calendar={c.coverage.calendar} language={i18n.language} />
          ) : (
            <Text size="sm">{t('portalApp:contracts.defaultCoverage')}</Text>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}

/** Monday first: "Monday 09:00–17:30", each day's stretches, or "closed"; the calendar's time zone. */
function CoverageHours({ calendar, language }: { calendar: BusinessCalendar; language: string }) {
  const { t } = useTranslation();
  if (calendar.alwaysOpen) return <Text size="sm">{t('portalApp:contracts.alwaysOpen')}</Text>;
  const dayName = (day: number) =>
    new Intl.DateTimeFormat(intlLocale(language), { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2026, 0, 4 + day, 12)),
    );
  return (
    <Stack gap={2} data-testid="contract-coverage">
      <List size="sm" listStyleType="none" spacing={2}>
        {[1, 2, 3, 4, 5, 6, 0].map((day) => {
          const intervals = calendar.weekly[day] ?? [];
          return (
            <List.Item key={day}>
              {intervals.length === 0
                ? t('portalApp:contracts.dayClosed', { day: dayName(day) })
                : t('portalApp:contracts.dayHours', {
                    day: dayName(day),
                    hours: intervals.map((i) => `${i.start}–${i.end}`).join(', '),
                  })}
            </List.Item>
          );
        })}
      </List>
      <Text size="xs" c="dimmed">
        {t('portalApp:contracts.timeZone', { zone: calendar.timeZone })}
      </Text>
    </Stack>
  );
}
