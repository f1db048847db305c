import { Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useMe } from '../../api/auth.ts';
import { accessSummary, presetsInWords } from '../../ui/access-words.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';

/**
 * The portal home page. `ticketsCard` is the tickets feature's summary card, put in by the portal shell
 * (it hides itself from a contact it is not for).
 */
export function PortalHomePage({ ticketsCard }: { ticketsCard: ReactNode }) {
  const branding = useBrandingContext();
  const { data: me } = useMe();
  if (me?.kind !== 'contact') return null;

  const presets = presetsInWords(me.presets);
  const access = accessSummary(me.permissions);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Welcome, {me.name}</Title>
        <Text c="dimmed">
          {me.client.name} · {branding.portalName}
        </Text>
      </div>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {ticketsCard}
        <Card withBorder padding="lg" component="section" aria-labelledby="your-access">
          <Title order={2} size="h3" id="your-access" mb="xs">
            Your access
          </Title>
          <Text size="sm" mb="sm" data-testid="access-presets">
            {presets
              ? `Your access level${me.presets.length > 1 ? 's' : ''}: ${presets}.`
              : 'Your access was set up person by person rather than from a standard level.'}
          </Text>
          {access.length > 0 ? (
            <>
              <Text size="sm" fw={600}>
                You can:
              </Text>
              <List size="sm" spacing={4} mt={4} data-testid="access-list">
                {access.map((sentence) => (
                  <List.Item key={sentence}>{sentence}</List.Item>
                ))}
              </List>
            </>
          ) : (
            <Text size="sm">
              You can sign in, but no access has been granted yet. Ask {branding.organisationName} to set it
              up.
            </Text>
          )}
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="need-help">
          <Title order={2} size="h3" id="need-help" mb="xs">
            Need something changed?
          </Title>
          <Text size="sm">
            Your access is managed by {branding.organisationName}
            {me.permissions.includes('contacts:manage')
              ? ' and by the people at your company who manage contacts'
              : ''}
            . If you need more, or less, ask them to change it.
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
