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
  const params = useParams();
  const id = Number(params.contactId);
  const valid = Number.isInteger(id) && id > 0;
  const colleague = useColleague(valid ? id : 0);
  // "Not yours" and "missing" look the same: a page that is not there.
  if (
    !valid ||
    (colleague.isError && colleague.error instanceof ApiError && colleague.error.status === 404)
  ) {
    return <NotFound homeTo="/portal/colleagues" homeLabel="Go to your colleagues" />;
  }
  if (colleague.isPending) return <PageLoader label="Loading" />;
  if (colleague.isError) {
    return (
      <ErrorState
        title="Could not load this colleague"
        error={colleague.error}
        onRetry={() => void colleague.refetch()}
      />
    );
  }
  return <ColleagueView colleague={colleague.data} />;
}

function ColleagueView({ colleague: c }: { colleague: ColleagueResponse }) {
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
        ‹ All colleagues
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={1} style={{ overflowWrap: 'anywhere' }} data-testid="colleague-name">
            {c.name}
          </Title>
          <Group gap="xs">
            {c.isYou ? <Badge variant="light">You</Badge> : null}
            <Badge
              color={c.status === 'active' ? 'teal' : 'gray'}
              variant="light"
              data-testid="colleague-status"
            >
              {c.status === 'active' ? 'Active' : 'Deactivated'}
            </Badge>
            <Badge color="gray" variant="outline">
              {c.hasLogin ? 'Has a portal login' : 'No portal login'}
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
              Edit
            </Button>
            {c.isYou ? null : (
              <ConfirmButton
                label={c.status === 'active' ? 'Deactivate' : 'Reactivate'}
                title={c.status === 'active' ? `Deactivate ${c.name}?` : `Reactivate ${c.name}?`}
                message={
                  c.status === 'active'
                    ? `${c.name} ${c.hasLogin ? 'is signed out at once and can no longer sign in' : 'is marked as no longer here'}. You can reactivate them later.`
                    : `${c.name} becomes active again${c.hasLogin ? ' and can sign in with their existing login' : ''}.`
                }
                confirmLabel={c.status === 'active' ? 'Deactivate' : 'Reactivate'}
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
        <Alert color="gray">
          {c.name} has access you do not have yourself, so only your provider (or a colleague with that
          access) can change their details.
        </Alert>
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="colleague-details">
          <Title order={2} size="h4" id="colleague-details" mb="sm">
            Details
          </Title>
          <Stack gap={6}>
            <Detail label="Job title" value={c.title} />
            <Detail label="Department" value={c.department} />
            <Detail label="Email" value={c.email} />
            <Detail label="Phone" value={c.phone} />
            <Detail label="Mobile" value={c.mobile} />
          </Stack>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="colleague-access">
          <Title order={2} size="h4" id="colleague-access" mb="sm">
            Access
          </Title>
          <Text size="sm" mb="xs">
            {presetsInWords(c.presets) ?? 'Set person by person'}
          </Text>
          {summary.length > 0 ? (
            <List size="sm" spacing={2}>
              {summary.map((s) => (
                <List.Item key={s}>{s}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" c="dimmed">
              No access in the portal.
            </Text>
          )}
        </Card>
      </SimpleGrid>

      <ContactDialog
        opened={editing}
        onClose={editDialog.close}
        title={`Edit ${c.name}`}
        initial={contactValues(c)}
        mode="edit"
        grantable={held}
        onUpdate={(patch, done) => update.mutate(patch, { onSuccess: done })}
        pending={update.isPending}
        error={update.error}
        accessLocked={
          c.isYou ? 'You cannot change your own access; ask a colleague or your provider.' : undefined
        }
        emailLocked={
          c.hasLogin
            ? `${c.isYou ? 'You sign' : `${c.name} signs`} in with this address; change it from the profile page.`
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
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {value ?? '—'}
      </Text>
    </Group>
  );
}
