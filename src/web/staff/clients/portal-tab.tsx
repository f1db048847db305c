import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  Spoiler,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import type { ContactResponse } from '../../../shared/schemas/contacts.ts';
import { useMe } from '../../api/auth.ts';
import { errorMessage } from '../../api/client.ts';
import { accessLine, accessSummary } from '../../ui/access-words.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { type ContactAccess, ContactAccessEditor } from '../../ui/contact-access-editor.tsx';
import { allSwitches } from '../../ui/contact-form.ts';
import { formatInstant } from '../../ui/format-date.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useAllContacts, useUpdateContact } from './api/contacts.ts';
import { StatusButton } from './contacts-tab.tsx';
import { InviteContactsButton, InviteLinksPanel, ResetPasswordButton } from './invitations/index.ts';
import { PreviewPortalButton } from './preview/index.ts';

function statusWords(c: ContactResponse): { label: string; color: string } {
  if (c.status !== 'active') return { label: 'Deactivated', color: 'gray' };
  if (c.login?.status !== 'active') return { label: 'Login disabled', color: 'orange' };
  return { label: 'Active', color: 'teal' };
}

/** Who can get into the portal for this client, what they may do there, and the actions on their access. */
export function PortalTab({ client, canManage }: { client: ClientResponse; canManage: boolean }) {
  const branding = useBrandingContext();
  const { data: me } = useMe();
  const canPreview = me?.kind === 'staff' && me.permissions.includes('portal:preview');
  const contacts = useAllContacts(client.id);
  const [changing, setChanging] = useState<ContactResponse | null>(null);

  if (contacts.isPending) return <PageLoader label="Loading portal access" />;
  if (contacts.isError) {
    return (
      <ErrorState
        title="Could not load portal access"
        error={contacts.error}
        onRetry={() => void contacts.refetch()}
      />
    );
  }
  const withLogin = contacts.data.filter((c) => c.login !== null);
  const withoutLogin = contacts.data.filter((c) => c.login === null && c.status === 'active');

  return (
    <Stack gap="lg">
      {!client.portalEnabled ? (
        <Alert color="orange" title="The portal is switched off for this client" data-testid="portal-off">
          Nobody below can sign in until it is switched on again in the Overview tab.
        </Alert>
      ) : null}
      {client.requireMfa || client.ipAllowlist.length > 0 ? (
        <Alert color="blue" variant="light" title="Sign-in rules for this client">
          <List size="sm">
            {client.requireMfa ? <List.Item>Two-factor authentication is required.</List.Item> : null}
            {client.ipAllowlist.length > 0 ? (
              <List.Item>Sign-in is allowed only from {client.ipAllowlist.join(', ')}.</List.Item>
            ) : null}
          </List>
        </Alert>
      ) : null}

      <Card withBorder padding="lg" component="section" aria-labelledby="portal-people">
        <Group justify="space-between" mb="sm" gap="sm">
          <Title order={2} size="h4" id="portal-people">
            People with portal access ({withLogin.length})
          </Title>
          {canManage ? (
            <InviteContactsButton
              clientId={client.id}
              contacts={contacts.data
                .filter((c) => c.status === 'active')
                .map((c) => ({ id: c.id, name: c.name, email: c.email, hasLogin: c.login !== null }))}
            />
          ) : null}
        </Group>
        {withLogin.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="portal-nobody">
            Nobody from {client.name} can sign in yet.{' '}
            {canManage ? 'Invite contacts to give them a login.' : ''}
          </Text>
        ) : (
          <>
            <Stack gap="sm" hiddenFrom="sm">
              {withLogin.map((c) => (
                <Card key={c.id} withBorder padding="sm" data-testid={`portal-card-${c.id}`}>
                  <Stack gap={6}>
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <Person contact={c} />
                      <StatusBadge contact={c} />
                    </Group>
                    <Permissions contact={c} />
                    <Text size="sm">
                      Last sign-in:{' '}
                      {c.login?.lastLoginAt ? formatInstant(c.login.lastLoginAt, branding) : 'never'}
                    </Text>
                    <Actions
                      client={client}
                      contact={c}
                      canManage={canManage}
                      canPreview={canPreview}
                      onChange={setChanging}
                    />
                  </Stack>
                </Card>
              ))}
            </Stack>
            <Table.ScrollContainer minWidth={760} visibleFrom="sm">
              <Table verticalSpacing="sm" striped data-testid="portal-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Person</Table.Th>
                    <Table.Th scope="col">Permissions</Table.Th>
                    <Table.Th scope="col">Last sign-in</Table.Th>
                    <Table.Th scope="col" miw={130}>
                      Status
                    </Table.Th>
                    <Table.Th scope="col">Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {withLogin.map((c) => (
                    <Table.Tr key={c.id} data-testid={`portal-row-${c.id}`}>
                      <Table.Td>
                        <Person contact={c} />
                      </Table.Td>
                      <Table.Td maw={320}>
                        <Permissions contact={c} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {c.login?.lastLoginAt ? formatInstant(c.login.lastLoginAt, branding) : 'Never'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge contact={c} />
                      </Table.Td>
                      <Table.Td>
                        <Actions
                          client={client}
                          contact={c}
                          canManage={canManage}
                          canPreview={canPreview}
                          onChange={setChanging}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
        {withoutLogin.length > 0 ? (
          <Text size="sm" c="dimmed" mt="sm">
            {withoutLogin.length} active {withoutLogin.length === 1 ? 'contact has' : 'contacts have'} no
            login yet:{' '}
            {withoutLogin
              .slice(0, 5)
              .map((c) => c.name)
              .join(', ')}
            {withoutLogin.length > 5 ? ` and ${withoutLogin.length - 5} more` : ''}.
          </Text>
        ) : null}
      </Card>

      {canManage ? (
        <Card withBorder padding="lg" component="section" aria-labelledby="portal-links">
          <Title order={2} size="h4" id="portal-links" mb="sm">
            Shareable invite links
          </Title>
          <InviteLinksPanel clientId={client.id} />
        </Card>
      ) : null}

      <PermissionsDialog clientId={client.id} contact={changing} onClose={() => setChanging(null)} />
    </Stack>
  );
}

function Person({ contact: c }: { contact: ContactResponse }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text fw={600} size="sm">
        {c.name}
      </Text>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {c.login?.email}
      </Text>
      {c.login?.mfaEnabled ? (
        <Text size="xs" c="dimmed">
          Two-factor on
        </Text>
      ) : null}
    </div>
  );
}

function StatusBadge({ contact }: { contact: ContactResponse }) {
  const status = statusWords(contact);
  return (
    <Badge color={status.color} variant="light" style={{ overflow: 'visible', flexShrink: 0 }}>
      {status.label}
    </Badge>
  );
}

function Permissions({ contact: c }: { contact: ContactResponse }) {
  return (
    <>
      <Text size="sm" fw={500}>
        {accessLine(c)}
      </Text>
      <Spoiler
        maxHeight={36}
        showLabel="Show everything they can do"
        hideLabel="Show less"
        styles={{ control: { fontSize: 'var(--mantine-font-size-xs)' } }}
      >
        <Text size="xs" c="dimmed">
          {accessSummary(c.permissions).join('; ') || 'No access granted'}
        </Text>
      </Spoiler>
    </>
  );
}

function Actions({
  client,
  contact: c,
  canManage,
  canPreview,
  onChange,
}: {
  client: ClientResponse;
  contact: ContactResponse;
  canManage: boolean;
  canPreview: boolean;
  onChange: (contact: ContactResponse) => void;
}) {
  return (
    <Group gap={6}>
      {canManage ? (
        <>
          <Button
            size="xs"
            variant="default"
            onClick={() => onChange(c)}
            aria-label={`Change permissions of ${c.name}`}
            data-testid={`change-access-${c.id}`}
          >
            Permissions
          </Button>
          <StatusButton clientId={client.id} contact={c} />
          <ResetPasswordButton clientId={client.id} contactId={c.id} name={c.name} />
        </>
      ) : null}
      {canPreview ? <PreviewPortalButton clientId={client.id} contactId={c.id} name={c.name} /> : null}
    </Group>
  );
}

function PermissionsDialog({
  clientId,
  contact,
  onClose,
}: {
  clientId: number;
  contact: ContactResponse | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={contact !== null}
      onClose={onClose}
      title={contact ? `Permissions of ${contact.name}` : ''}
      size="lg"
    >
      {contact ? <PermissionsForm clientId={clientId} contact={contact} onDone={onClose} /> : null}
    </Modal>
  );
}

function PermissionsForm({
  clientId,
  contact,
  onDone,
}: {
  clientId: number;
  contact: ContactResponse;
  onDone: () => void;
}) {
  const [access, setAccess] = useState<ContactAccess>({
    presets: contact.presets,
    switches: contact.switches,
  });
  const update = useUpdateContact(clientId);
  const dirty =
    JSON.stringify([...access.presets].sort()) !== JSON.stringify([...contact.presets].sort()) ||
    JSON.stringify(allSwitches(access.switches)) !== JSON.stringify(allSwitches(contact.switches));
  return (
    <Stack gap="md">
      <ContactAccessEditor value={access} onChange={setAccess} />
      {update.isError ? (
        <Alert color="red" role="alert">
          {errorMessage(update.error)}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button
          disabled={!dirty}
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              {
                contactId: contact.id,
                patch: { presets: access.presets, switches: allSwitches(access.switches) },
              },
              { onSuccess: onDone },
            )
          }
          data-testid="save-access"
        >
          Save permissions
        </Button>
      </Group>
    </Stack>
  );
}
