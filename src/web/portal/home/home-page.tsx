import { Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.ts';
import { accessSummary, presetsInWords } from '../../ui/access-words.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { HoursCard } from './hours-card.tsx';
import { MetricsCard } from './metrics-card.tsx';

/**
 * The portal home page. `ticketsCard` is the tickets feature's summary card, put in by the portal shell
 * (it hides itself from a contact it is not for).
 */
export function PortalHomePage({ ticketsCard }: { ticketsCard: ReactNode }) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const { data: me } = useMe();
  if (me?.kind !== 'contact') return null;

  const presets = presetsInWords(me.presets);
  const access = accessSummary(me.permissions, me.features);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('portalApp:invite.welcome', { name: me.name })}</Title>
        <Text c="dimmed">
          <span dir="auto">{me.client.name}</span> · <span dir="auto">{branding.portalName}</span>
        </Text>
      </div>

      {me.features.includes('tickets') && me.permissions.includes('tickets:view-company') ? (
        <MetricsCard />
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {ticketsCard}
        {me.features.includes('contracts') && me.permissions.includes('contracts:view') ? (
          <HoursCard />
        ) : null}
        <Card withBorder padding="lg" component="section" aria-labelledby="your-access">
          <Title order={2} size="h3" id="your-access" mb="xs">
            {t('portalApp:home.yourAccess')}
          </Title>
          <Text size="sm" mb="sm" data-testid="access-presets">
            {presets
              ? t('portalApp:home.accessLevels', { count: me.presets.length, levels: presets })
              : t('portalApp:home.accessCustom')}
          </Text>
          {access.length > 0 ? (
            <>
              <Text size="sm" fw={600}>
                {t('portalApp:home.youCan')}
              </Text>
              <List size="sm" spacing={4} mt={4} data-testid="access-list">
                {access.map((sentence) => (
                  <List.Item key={sentence}>{sentence}</List.Item>
                ))}
              </List>
            </>
          ) : (
            <Text size="sm">{t('portalApp:home.noAccess', { organisation: branding.organisationName })}</Text>
          )}
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="need-help">
          <Title order={2} size="h3" id="need-help" mb="xs">
            {t('portalApp:home.needChange')}
          </Title>
          <Text size="sm">
            {me.permissions.includes('contacts:manage')
              ? t('portalApp:home.managedByBoth', { organisation: branding.organisationName })
              : t('portalApp:home.managedBy', { organisation: branding.organisationName })}
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
