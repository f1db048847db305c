import { Alert, Anchor, Box, Card, Code, Group, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { isolate } from '../isolate.ts';
import { useOutboxEmail } from './api/outbox.ts';
import { useInstantFormatter } from './outbox-page.tsx';
import { statusColors } from './status-words.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </Box>
  );
}

export function OutboxEmailPage() {
  const { t } = useTranslation();
  const params = useParams();
  const id = Number(params.id);
  const email = useOutboxEmail(id);
  const format = useInstantFormatter();

  const back = (
    <Anchor component={Link} to="/staff/outbox" size="sm">
      <span className="mirror-rtl" style={{ display: 'inline-block' }} aria-hidden="true">
        ←
      </span>{' '}
      {t('staffApp:outbox.back')}
    </Anchor>
  );

  if (!Number.isInteger(id) || id <= 0) {
    return (
      <Stack>
        {back}
        <Alert color="gray" title={t('staffApp:outbox.noSuchTitle')}>
          {t('staffApp:outbox.noSuchText')}
        </Alert>
      </Stack>
    );
  }
  if (email.isPending) return <PageLoader label={t('staffApp:outbox.loadingEmail')} />;
  if (email.isError) {
    return (
      <Stack>
        {back}
        <ErrorState
          title={t('staffApp:outbox.loadEmailError')}
          error={email.error}
          onRetry={() => void email.refetch()}
        />
      </Stack>
    );
  }
  const e = email.data;
  return (
    <Stack gap="lg">
      {back}
      <Title order={1} style={{ wordBreak: 'break-word' }} dir="auto" data-testid="outbox-subject">
        {e.subject}
      </Title>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Fact label={t('staffApp:outbox.to')}>
            <bdi>{e.toName ? `${e.toName} <${e.to}>` : e.to}</bdi>
          </Fact>
          <Fact label={t('staffApp:tickets.new.client')}>
            {e.client ? (
              e.client.name ? (
                <bdi>{e.client.name}</bdi>
              ) : (
                t('staffApp:outbox.clientNumber', { id: e.client.id })
              )
            ) : (
              '—'
            )}
          </Fact>
          <Fact label={t('staffApp:outbox.written')}>{format(e.createdAt)}</Fact>
          <Fact
            label={e.status === 'sent' ? t('staffApp:outbox.status.sent') : t('staffApp:outbox.delivered')}
          >
            {e.sentAt ? format(e.sentAt) : t('staffApp:outbox.notYet')}
          </Fact>
        </SimpleGrid>
        <Group mt="sm" gap="xs" align="baseline" wrap="nowrap">
          <Box
            w={10}
            h={10}
            style={{
              borderRadius: 5,
              flexShrink: 0,
              background: `var(--mantine-color-${statusColors[e.status]}-6)`,
            }}
            aria-hidden="true"
          />
          <Text size="sm" fw={600} data-testid="outbox-status">
            {e.statusText}
          </Text>
        </Group>
      </Card>
      <Tabs defaultValue="html" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="html">{t('staffApp:outbox.asSeen')}</Tabs.Tab>
          <Tabs.Tab value="text">{t('staffApp:outbox.plainText')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="md">
          {/* sandbox="" runs no scripts, submits no forms and gives the email no access to this page. */}
          <iframe
            title={t('staffApp:outbox.frameTitle', { subject: isolate(e.subject) })}
            sandbox=""
            srcDoc={e.html}
            referrerPolicy="no-referrer"
            style={{
              width: '100%',
              height: 560,
              border: '1px solid var(--mantine-color-default-border)',
              borderRadius: 'var(--mantine-radius-md)',
              background: '#fff',
            }}
            data-testid="outbox-html"
          />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="md">
          <Code
            block
            dir="auto"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            data-testid="outbox-text"
          >
            {e.text}
          </Code>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
