import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ContactPermission } from '../../../shared/permissions.ts';
import type { ColleagueResponse } from '../../../shared/schemas/contacts.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { accessSummary, presetsInWords } from '../../ui/access-words.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { canGrant } from '../../ui/contact-access-editor.tsx';
import { ContactDialog } from '../../ui/contact-dialog.tsx';
import { contactValues } from '../../ui/contact-form.ts';
import { ErrorState, NotFound, PageLoader } from '../../ui/states.tsx';
import { useColleague, useSetColleagueStatus, useUpdateColleague } from './api.ts';

export function ColleaguePage() {
  const { t } = useTranslation();
  const params = useParams();
  const id = Number(params.contactId);
  const valid = Number.isInteger(id) && id > 0;
  const colleague = useColleague(valid ? id : 0);
  // "Not yours" and "missing" look the same: a page that is not there.
  if (
    !valid ||
    (colleague.isError && colleague.error instanceof ApiError && colleague.error.status === 404)
  ) {
    return <NotFound homeTo="/portal/colleagues" homeLabel={t('portalApp:colleague.goToList')} />;
  }
  if (colleague.isPending) return <PageLoader />;
  if (colleague.isError) {
    return (
      <ErrorState
        title={t('portalApp:colleague.couldNotLoad')}
        error={colleague.error}
        onRetry={() => void colleague.refetch()}
      />
    );
  }
  return <ColleagueView colleague={colleague.data} />;
}

function ColleagueView({ colleague: c }: { colleague: ColleagueResponse }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [editing, editDialog] = useDisclosure(false);
  const update = useUpdateColleague(c.id);
  const setStatus = useSetColleagueStatus(c.id);
  if (me?.kind !== 'contact') return null;
  const held = new Set<ContactPermission>(me.permissions);
  const canManage = held.has('contacts:manage');
  const superior = !canGrant(held, c.permissions);
  const mayChange = canManage && !superior;
  const summary = accessSummary(c.permissions);

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/portal/colleagues" size="sm">
        <span className="mirror-rtl" aria-hidden="true">
          ‹
        </span>{' '}
        {t('portalApp:colleague.all')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={1} style={{ overflowWrap: 'anywhere' }} data-testid="colleague-name" dir="auto">
            {c.name}
          </Title>
          <Group gap="xs">
            {c.isYou ? <Badge variant="light">{t('portalApp:colleagues.you')}</Badge> : null}
            <Badge
              color={c.status === 'active' ? 'teal' : 'gray'}
              variant="light"
              data-testid="colleague-status"
            >
              {c.status === 'active'
                ? t('portalApp:colleague.active')
                : t('portalApp:colleagues.deactivated')}
            </Badge>
            <Badge color="gray" variant="outline">
              {c.hasLogin ? t('portalApp:colleague.hasLogin') : t('portalApp:colleague.noLogin')}
            </Badge>
          </Group>
        </Stack>
        {mayChange ? (
          <Group gap="xs">
            <Button
              variant="default"
              onClick={() => {
                update.reset();
                editDialog.open();
              }}
              data-testid="edit-colleague"
            >
              {t('portalApp:colleague.edit')}
            </Button>
            {c.isYou ? null : (
              <ConfirmButton
                label={
                  c.status === 'active'
                    ? t('portalApp:colleague.deactivate')
                    : t('portalApp:colleague.reactivate')
                }
                title={
                  c.status === 'active'
                    ? t('portalApp:colleague.deactivateTitle', { name: c.name })
                    : t('portalApp:colleague.reactivateTitle', { name: c.name })
                }
                message={
                  c.status === 'active'
                    ? c.hasLogin
                      ? t('portalApp:colleague.deactivateLogin', { name: c.name })
                      : t('portalApp:colleague.deactivateNoLogin', { name: c.name })
                    : c.hasLogin
                      ? t('portalApp:colleague.reactivateLogin', { name: c.name })
                      : t('portalApp:colleague.reactivateNoLogin', { name: c.name })
                }
                confirmLabel={
                  c.status === 'active'
                    ? t('portalApp:colleague.deactivate')
                    : t('portalApp:colleague.reactivate')
                }
                danger={c.status === 'active'}
                pending={setStatus.isPending}
                error={setStatus.error}
                onConfirm={(done) => setStatus.mutate(c.status !== 'active', { onSuccess: done })}
                buttonProps={{ size: 'sm' }}
                testId="colleague-status-action"
              />
            )}
          </Group>
        ) : null}
      </Group>
      {canManage && superior ? (
        <Alert color="gray">{t('portalApp:colleague.superior', { name: c.name })}</Alert>
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="colleague-details">
          <Title order={2} size="h4" id="colleague-details" mb="sm">
            {t('portalApp:colleague.details')}
          </Title>
          <Stack gap={6}>
            <Detail label={t('ui:contact.jobTitle')} value={c.title} />
            <Detail label={t('ui:contact.department')} value={c.department} />
            <Detail label={t('ui:signIn.email')} value={c.email} />
            <Detail label={t('ui:profile.phone')} value={c.phone} />
            <Detail label={t('ui:profile.mobile')} value={c.mobile} />
          </Stack>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="colleague-access">
          <Title order={2} size="h4" id="colleague-access" mb="sm">
            {t('ui:contact.access')}
          </Title>
          <Text size="sm" mb="xs">
            {presetsInWords(c.presets) ?? t('portalApp:colleague.personByPerson')}
          </Text>
          {summary.length > 0 ? (
            <List size="sm" spacing={2}>
              {summary.map((s) => (
                <List.Item key={s}>{s}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" c="dimmed">
              {t('portalApp:colleague.noAccess')}
            </Text>
          )}
        </Card>
      </SimpleGrid>

      <ContactDialog
        opened={editing}
        onClose={editDialog.close}
        title={t('portalApp:colleague.editTitle', { name: c.name })}
        initial={contactValues(c)}
        mode="edit"
        grantable={held}
        onUpdate={(patch, done) => update.mutate(patch, { onSuccess: done })}
        pending={update.isPending}
        error={update.error}
        accessLocked={c.isYou ? t('portalApp:colleague.ownAccess') : undefined}
        emailLocked={
          c.hasLogin
            ? c.isYou
              ? t('portalApp:colleague.emailLockedYou')
              : t('portalApp:colleague.emailLocked', { name: c.name })
            : undefined
        }
      />
    </Stack>
  );
}

function Detail({ label, value }: { label: string; value: string | null }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={110} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }} dir="auto">
        {value ?? '—'}
      </Text>
    </Group>
  );
}
