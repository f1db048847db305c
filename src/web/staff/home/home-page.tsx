import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StaffRole } from '../../../shared/permissions.ts';
import { useMe } from '../../api/auth.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { isolate } from '../isolate.ts';
import { staffRoleKeys } from '../role-keys.ts';

const roleDescriptionKeys = {
  owner: 'staffApp:home.role.owner',
  admin: 'staffApp:home.role.admin',
  technician: 'staffApp:home.role.technician',
  billing: 'staffApp:home.role.billing',
  'read-only': 'staffApp:home.role.readOnly',
} as const satisfies Record<StaffRole, `staffApp:${string}`>;

/**
 * The staff home page. `queueCounts` is the tickets feature's live queue cards, put in by the staff shell
 * and shown to staff who may see tickets.
 */
export function StaffHomePage({ queueCounts }: { queueCounts: ReactNode }) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const { data: me } = useMe();
  if (me?.kind !== 'staff') return null;
  const canEditSettings = me.permissions.includes('settings:edit');
  const canSeeTickets = me.permissions.includes('tickets:view');

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('staffApp:home.title')}</Title>
        <Text c="dimmed">{t('staffApp:home.welcome', { name: isolate(me.name) })}</Text>
      </div>

      {canSeeTickets ? queueCounts : null}

      <Card withBorder padding="lg" component="section" aria-labelledby="organisation-heading">
        <Title order={2} size="h3" id="organisation-heading" mb="xs" dir="auto">
          {branding.organisationName}
        </Title>
        <Group gap="xs" mb="xs">
          <Text size="sm">{t('staffApp:home.yourRole')}</Text>
          <Badge color="accent" variant="light" data-testid="staff-role">
            {t(staffRoleKeys[me.role])}
          </Badge>
        </Group>
        <Text size="sm">{t(roleDescriptionKeys[me.role])}</Text>
      </Card>

      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="settings-heading">
          <Title order={2} size="h4" id="settings-heading" mb="xs">
            {t('staffApp:home.settings.title')}
          </Title>
          <Text size="sm" mb="sm">
            {canEditSettings ? t('staffApp:home.settings.edit') : t('staffApp:home.settings.view')}
          </Text>
          <Anchor component={Link} to="/staff/settings" fw={600}>
            {t('staffApp:home.settings.open')}
          </Anchor>
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="portal-heading">
          <Title order={2} size="h4" id="portal-heading" mb="xs">
            {t('staffApp:home.portal.title')}
          </Title>
          <Text size="sm" mb="sm">
            {t('staffApp:home.portal.text')}
          </Text>
          <Anchor href="/portal/" fw={600}>
            {t('staffApp:home.portal.open', { portal: isolate(branding.portalName) })}
          </Anchor>
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="api-heading">
          <Title order={2} size="h4" id="api-heading" mb="xs">
            {t('staffApp:home.api.title')}
          </Title>
          <Text size="sm" mb="sm">
            {t('staffApp:home.api.text')}
          </Text>
          <Anchor href="/api/docs" fw={600}>
            {t('staffApp:home.api.open')}
          </Anchor>
        </Card>
      </SimpleGrid>

      {canEditSettings ? (
        <Card withBorder padding="lg" component="section" aria-labelledby="checklist-heading">
          <Title order={2} size="h4" id="checklist-heading" mb="xs">
            {t('staffApp:home.checklist.title')}
          </Title>
          <List type="ordered" size="sm" spacing={6}>
            <List.Item>{t('staffApp:home.checklist.names')}</List.Item>
            <List.Item>{t('staffApp:home.checklist.logo')}</List.Item>
            <List.Item>{t('staffApp:home.checklist.regional')}</List.Item>
            <List.Item>{t('staffApp:home.checklist.features')}</List.Item>
          </List>
        </Card>
      ) : null}
    </Stack>
  );
}
