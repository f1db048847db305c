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
import { useTranslation } from 'react-i18next';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import type { ContactResponse } from '../../../shared/schemas/contacts.ts';
import { useMe } from '../../api/auth.ts';
import { errorMessage } from '../../api/client.ts';
import { accessLine, accessSummary } from '../../ui/access-words.ts';
import { type ContactAccess, ContactAccessEditor } from '../../ui/contact-access-editor.tsx';
import { allSwitches } from '../../ui/contact-form.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useAllContacts, useUpdateContact } from './api/contacts.ts';
import type { Translate } from './client-form.ts';
import { StatusButton } from './contacts-tab.tsx';
import { InviteContactsButton, InviteLinksPanel, ResetPasswordButton } from './invitations/index.ts';
import { PreviewPortalButton } from './preview/index.ts';

function statusWords(c: ContactResponse, t: Translate): { label: string; color: string } {
  if (c.status !== 'active') return { label: t('staffAdmin:portal.deactivated'), color: 'gray' };
  if (c.login?.status !== 'active') return { label: t('staffAdmin:contacts.loginDisabled'), color: 'orange' };
  return { label: t('staffAdmin:contacts.active'), color: 'teal' };
}

/** Who can get into the portal for this client, what they may do there, and the actions on their access. */
export function PortalTab({ client, canManage }: { client: ClientResponse; canManage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data: me } = useMe();
  const canPreview = me?.kind === 'staff' && me.permissions.includes('portal:preview');
  const contacts = useAllContacts(client.id);
  const [changing, setChanging] = useState<ContactResponse | null>(null);

  if (contacts.isPending) return <PageLoader label={t('staffAdmin:portal.loading')} />;
  if (contacts.isError) {
    return (
      <ErrorState
        title={t('staffAdmin:portal.loadError')}
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
        <Alert color="orange" title={t('staffAdmin:portal.offTitle')} data-testid="portal-off">
          {t('staffAdmin:portal.offBody')}
        </Alert>
      ) : null}
      {client.requireMfa || client.ipAllowlist.length > 0 ? (
        <Alert color="blue" variant="light" title={t('staffAdmin:portal.rulesTitle')}>
          <List size="sm">
            {client.requireMfa ? <List.Item>{t('staffAdmin:portal.rulesMfa')}</List.Item> : null}
            {client.ipAllowlist.length > 0 ? (
              <List.Item>
                {t('staffAdmin:portal.rulesAllowlist', { ranges: client.ipAllowlist.join(', ') })}
              </List.Item>
            ) : null}
          </List>
        </Alert>
      ) : null}

      <Card withBorder padding="lg" component="section" aria-labelledby="portal-people">
        <Group justify="space-between" mb="sm" gap="sm">
          <Title order={2} size="h4" id="portal-people">
            {t('staffAdmin:portal.people', { count: withLogin.length })}
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
            {t('staffAdmin:portal.nobody', { client: client.name })}
            {canManage ? ` ${t('staffAdmin:portal.nobodyInvite')}` : ''}
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
                      {t('staffAdmin:portal.lastSignInLine', {
                        when: c.login?.lastLoginAt
                          ? format.dateTime(c.login.lastLoginAt)
                          : t('staffAdmin:portal.never'),
                      })}
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
                    <Table.Th scope="col">{t('staffAdmin:portal.colPerson')}</Table.Th>
                    <Table.Th scope="col">{t('staffAdmin:portal.permissions')}</Table.Th>
                    <Table.Th scope="col">{t('staffAdmin:portal.colLastSignIn')}</Table.Th>
                    <Table.Th scope="col" miw={130}>
                      {t('staffAdmin:contacts.status')}
                    </Table.Th>
                    <Table.Th scope="col">{t('staffAdmin:actions')}</Table.Th>
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
                          {c.login?.lastLoginAt
                            ? format.dateTime(c.login.lastLoginAt)
                            : t('staffAdmin:portal.neverCell')}
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
            {withoutLogin.length > 5
              ? t('staffAdmin:portal.withoutLoginMore', {
                  count: withoutLogin.length,
                  names: withoutLogin
                    .slice(0, 5)
                    .map((c) => c.name)
                    .join(', '),
                  more: withoutLogin.length - 5,
                })
              : t('staffAdmin:portal.withoutLogin', {
                  count: withoutLogin.length,
                  names: withoutLogin.map((c) => c.name).join(', '),
                })}
          </Text>
        ) : null}
      </Card>

      {canManage ? (
        <Card withBorder padding="lg" component="section" aria-labelledby="portal-links">
          <Title order={2} size="h4" id="portal-links" mb="sm">
            {t('staffAdmin:portal.inviteLinks')}
          </Title>
          <InviteLinksPanel clientId={client.id} />
        </Card>
      ) : null}

      <PermissionsDialog clientId={client.id} contact={changing} onClose={() => setChanging(null)} />
    </Stack>
  );
}

function Person({ contact: c }: { contact: ContactResponse }) {
  const { t } = useTranslation();
  return (
    <div style={{ minWidth: 0 }}>
      <Text fw={600} size="sm" dir="auto">
        {c.name}
      </Text>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} dir="auto">
        {c.login?.email}
      </Text>
      {c.login?.mfaEnabled ? (
        <Text size="xs" c="dimmed">
          {t('staffAdmin:portal.mfaOn')}
        </Text>
      ) : null}
    </div>
  );
}

function StatusBadge({ contact }: { contact: ContactResponse }) {
  const { t } = useTranslation();
  const status = statusWords(contact, t);
  return (
    <Badge color={status.color} variant="light" style={{ overflow: 'visible', flexShrink: 0 }}>
      {status.label}
    </Badge>
  );
}

function Permissions({ contact: c }: { contact: ContactResponse }) {
  const { t } = useTranslation();
  return (
    <>
      <Text size="sm" fw={500}>
        {accessLine(c)}
      </Text>
      <Spoiler
        maxHeight={36}
        showLabel={t('staffAdmin:portal.showAll')}
        hideLabel={t('staffAdmin:portal.showLess')}
        styles={{ control: { fontSize: 'var(--mantine-font-size-xs)' } }}
      >
        <Text size="xs" c="dimmed">
          {accessSummary(c.permissions).join('; ') || t('staffAdmin:portal.noAccess')}
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
  const { t } = useTranslation();
  return (
    <Group gap={6}>
      {canManage ? (
        <>
          <Button
            size="xs"
            variant="default"
            onClick={() => onChange(c)}
            aria-label={t('staffAdmin:portal.changePermissionsNamed', { name: c.name })}
            data-testid={`change-access-${c.id}`}
          >
            {t('staffAdmin:portal.permissions')}
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
  const { t } = useTranslation();
  return (
    <Modal
      opened={contact !== null}
      onClose={onClose}
      title={contact ? t('staffAdmin:portal.permissionsOf', { name: contact.name }) : ''}
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
  const { t } = useTranslation();
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
          {t('staffAdmin:cancel')}
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
          {t('staffAdmin:portal.savePermissions')}
        </Button>
      </Group>
    </Stack>
  );
}
