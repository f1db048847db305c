import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import type { ContactListQuery, ContactResponse } from '../../../shared/schemas/contacts.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { accessLine } from '../../ui/access-words.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { ContactDialog } from '../../ui/contact-dialog.tsx';
import { contactValues } from '../../ui/contact-form.ts';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import {
  contactsExportUrl,
  useContactList,
  useCreateContact,
  useSetContactStatus,
  useUpdateContact,
} from './api/contacts.ts';
import type { Translate } from './client-form.ts';
import { ImportDialog } from './import-dialog.tsx';

const statusOptions = [
  { value: 'all', label: 'staffAdmin:contacts.statusAll' },
  { value: 'active', label: 'staffAdmin:contacts.active' },
  { value: 'inactive', label: 'staffAdmin:contacts.inactive' },
] as const;

export function loginWords(contact: ContactResponse, t: Translate): string {
  if (!contact.login) return t('staffAdmin:contacts.noLogin');
  return contact.login.status === 'active'
    ? t('staffAdmin:contacts.canSignIn')
    : t('staffAdmin:contacts.loginDisabled');
}

export function ContactsTab({ client, canManage }: { client: ClientResponse; canManage: boolean }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<'all' | 'active' | 'inactive'>('all');
  const pages = useCursorPages(`${q}|${status}`);
  const params: ContactListQuery = { q: q || undefined, status, limit: 25, cursor: pages.cursor };
  const list = useContactList(client.id, params);
  const [adding, addDialog] = useDisclosure(false);
  const [importing, importDialog] = useDisclosure(false);
  const [editing, setEditing] = useState<ContactResponse | null>(null);
  const create = useSubmitOnce(useCreateContact(client.id));
  const update = useUpdateContact(client.id);

  return (
    <Stack gap="md">
      <Group gap="sm">
        {canManage ? (
          <>
            <Button
              onClick={() => {
                create.reset();
                addDialog.open();
              }}
              data-testid="add-contact"
            >
              {t('staffAdmin:contacts.add')}
            </Button>
            <Button variant="default" onClick={importDialog.open} data-testid="import-contacts">
              {t('staffAdmin:contacts.import')}
            </Button>
          </>
        ) : null}
        <Button
          component="a"
          href={contactsExportUrl(client.id)}
          variant="default"
          data-testid="export-contacts"
        >
          {t('staffAdmin:contacts.export')}
        </Button>
      </Group>
      <Card withBorder padding="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label={t('staffAdmin:contacts.search')}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 220px' }}
            data-testid="contacts-search"
          />
          <Select
            label={t('staffAdmin:contacts.status')}
            data={statusOptions.map((o) => ({ value: o.value, label: t(o.label) }))}
            value={status}
            onChange={(v) => v && setStatus(v as typeof status)}
            allowDeselect={false}
            style={{ flex: '0 1 160px' }}
          />
        </Group>
      </Card>

      {list.isPending ? (
        <PageLoader label={t('staffAdmin:contacts.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('staffAdmin:contacts.loadError')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="contacts-empty">
          <Text fw={600}>
            {q ? t('staffAdmin:contacts.noMatch', { query: q }) : t('staffAdmin:contacts.empty')}
          </Text>
          <Text size="sm" c="dimmed">
            {q
              ? t('staffAdmin:contacts.noMatchHelp')
              : canManage
                ? t('staffAdmin:contacts.emptyManage')
                : t('staffAdmin:contacts.emptyView')}
          </Text>
        </Card>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped verticalSpacing="sm" data-testid="contacts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('staffAdmin:contacts.colName')}</Table.Th>
                  <Table.Th scope="col">{t('staffAdmin:contacts.colEmailPhone')}</Table.Th>
                  <Table.Th scope="col">{t('staffAdmin:contacts.colAccess')}</Table.Th>
                  <Table.Th scope="col">{t('staffAdmin:contacts.colPortal')}</Table.Th>
                  <Table.Th scope="col">{t('staffAdmin:contacts.status')}</Table.Th>
                  {canManage ? <Table.Th scope="col">{t('staffAdmin:actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => (
                  <Table.Tr key={c.id} data-testid={`contact-row-${c.id}`}>
                    <Table.Td>
                      <Text fw={600} size="sm" dir="auto">
                        {c.name}
                      </Text>
                      {c.title || c.department ? (
                        <Text size="xs" c="dimmed" dir="auto">
                          {[c.title, c.department].filter(Boolean).join(', ')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }} dir={c.email ? 'auto' : undefined}>
                        {c.email ?? t('staffAdmin:contacts.noEmail')}
                      </Text>
                      {c.phone || c.mobile ? (
                        <Text size="xs" c="dimmed">
                          {[c.phone, c.mobile].filter(Boolean).join(' · ')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{accessLine(c)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{loginWords(c, t)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={c.status === 'active' ? 'teal' : 'gray'} variant="light">
                        {c.status === 'active'
                          ? t('staffAdmin:contacts.active')
                          : t('staffAdmin:contacts.inactive')}
                      </Badge>
                    </Table.Td>
                    {canManage ? (
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => {
                              update.reset();
                              setEditing(c);
                            }}
                            aria-label={t('staffAdmin:contacts.editNamed', { name: c.name })}
                            data-testid={`edit-contact-${c.id}`}
                          >
                            {t('staffAdmin:contacts.edit')}
                          </Button>
                          <StatusButton clientId={client.id} contact={c} />
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            label={t('staffAdmin:contacts.pages')}
            page={pages.page}
            hasPrevious={pages.hasPrevious}
            nextCursor={list.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </>
      )}

      <ContactDialog
        opened={adding}
        onClose={addDialog.close}
        title={t('staffAdmin:contacts.newTitle', { client: client.name })}
        initial={contactValues()}
        mode="create"
        onCreate={(body, done) => create.mutate(body, { onSuccess: done })}
        pending={create.isPending}
        error={create.error}
      />
      <ContactDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t('staffAdmin:contacts.editNamed', { name: editing.name }) : ''}
        initial={contactValues(editing ?? undefined)}
        mode="edit"
        onUpdate={(patch, done) =>
          editing && update.mutate({ contactId: editing.id, patch }, { onSuccess: done })
        }
        pending={update.isPending}
        error={update.error}
        emailLocked={undefined}
      />
      <ImportDialog opened={importing} onClose={importDialog.close} client={client} />
    </Stack>
  );
}

/** Deactivate or reactivate, with a word on what that does to the person's login. */
export function StatusButton({ clientId, contact }: { clientId: number; contact: ContactResponse }) {
  const { t } = useTranslation();
  const setStatus = useSetContactStatus(clientId);
  const deactivating = contact.status === 'active';
  return (
    <ConfirmButton
      label={deactivating ? t('staffAdmin:contacts.deactivate') : t('staffAdmin:contacts.reactivate')}
      ariaLabel={
        deactivating
          ? t('staffAdmin:contacts.deactivateNamed', { name: contact.name })
          : t('staffAdmin:contacts.reactivateNamed', { name: contact.name })
      }
      title={
        deactivating
          ? t('staffAdmin:contacts.deactivateTitle', { name: contact.name })
          : t('staffAdmin:contacts.reactivateTitle', { name: contact.name })
      }
      message={
        deactivating
          ? contact.login
            ? t('staffAdmin:contacts.deactivateWithLogin')
            : t('staffAdmin:contacts.deactivateNoLogin')
          : contact.login
            ? t('staffAdmin:contacts.reactivateWithLogin')
            : t('staffAdmin:contacts.reactivateNoLogin')
      }
      confirmLabel={deactivating ? t('staffAdmin:contacts.deactivate') : t('staffAdmin:contacts.reactivate')}
      danger={deactivating}
      pending={setStatus.isPending}
      error={setStatus.error}
      onConfirm={(done) =>
        setStatus.mutate({ contactId: contact.id, active: !deactivating }, { onSuccess: done })
      }
      testId={`${deactivating ? 'deactivate' : 'reactivate'}-contact-${contact.id}`}
    />
  );
}
