import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { type StaffRole, staffRoleLabels } from '../../../shared/permissions.ts';
import { useMe } from '../../api/auth.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';

const roleDescriptions: Record<StaffRole, string> = {
  owner: 'You own this Portico installation: you can change every setting and manage the staff team.',
  admin: 'You can change every setting and manage the staff team.',
  technician: 'You work on tickets, assets and documents. Settings are visible to you but not editable.',
  billing: 'You look after invoices, quotes and payments. Settings are visible to you but not editable.',
  'read-only': 'You can look at everything your team shares, but not change it.',
};

/**
 * The staff home page. `queueCounts` is the tickets feature's live queue cards, put in by the staff shell
 * and shown to staff who may see tickets.
 */
export function StaffHomePage({ queueCounts }: { queueCounts: ReactNode }) {
  const branding = useBrandingContext();
  const { data: me } = useMe();
  if (me?.kind !== 'staff') return null;
  const canEditSettings = me.permissions.includes('settings:edit');
  const canSeeTickets = me.permissions.includes('tickets:view');

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Getting started</Title>
        <Text c="dimmed">Welcome, {me.name}.</Text>
      </div>

      {canSeeTickets ? queueCounts : null}

      <Card withBorder padding="lg" component="section" aria-labelledby="organisation-heading">
        <Title order={2} size="h3" id="organisation-heading" mb="xs">
          {branding.organisationName}
        </Title>
        <Group gap="xs" mb="xs">
          <Text size="sm">Your role:</Text>
          <Badge color="accent" variant="light" data-testid="staff-role">
            {staffRoleLabels[me.role]}
          </Badge>
        </Group>
        <Text size="sm">{roleDescriptions[me.role]}</Text>
      </Card>

      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="settings-heading">
          <Title order={2} size="h4" id="settings-heading" mb="xs">
            Settings and branding
          </Title>
          <Text size="sm" mb="sm">
            {canEditSettings
              ? 'Set your name, colours and logo, the time zone and currency, and which features clients see in the portal.'
              : 'See how the organisation, the branding and the client portal are set up.'}
          </Text>
          <Anchor component={Link} to="/staff/settings" fw={600}>
            Open settings
          </Anchor>
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="portal-heading">
          <Title order={2} size="h4" id="portal-heading" mb="xs">
            Client portal
          </Title>
          <Text size="sm" mb="sm">
            Where your clients' contacts sign in to follow their tickets, invoices and more, in your colours.
          </Text>
          <Anchor href="/portal/" fw={600}>
            Go to {branding.portalName}
          </Anchor>
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="api-heading">
          <Title order={2} size="h4" id="api-heading" mb="xs">
            API
          </Title>
          <Text size="sm" mb="sm">
            Everything you can do here, an integration can do through the JSON API.
          </Text>
          <Anchor href="/api/docs" fw={600}>
            Read the API documentation
          </Anchor>
        </Card>
      </SimpleGrid>

      {canEditSettings ? (
        <Card withBorder padding="lg" component="section" aria-labelledby="checklist-heading">
          <Title order={2} size="h4" id="checklist-heading" mb="xs">
            First steps
          </Title>
          <List type="ordered" size="sm" spacing={6}>
            <List.Item>Check your organisation's name, portal name and sign-in title in Settings.</List.Item>
            <List.Item>Upload your logo and pick your brand colours.</List.Item>
            <List.Item>Set the time zone, date format and currency your clients expect.</List.Item>
            <List.Item>Choose which features clients see in the portal.</List.Item>
          </List>
        </Card>
      ) : null}
    </Stack>
  );
}
