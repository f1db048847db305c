import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
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
import { ImportDialog } from './import-dialog.tsx';

const statusOptions = [
  { value: 'all', label: 'Everyone' },
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];

export function loginWords(contact: ContactResponse): string {
  if (!contact.login) return 'No login';
  return contact.login.status === 'active' ? 'Can sign in' : 'Login disabled';
}

export function ContactsTab({ client, canManage }: { client: ClientResponse; canManage: boolean }) {
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
              Add contact
            </Button>
            <Button variant="default" onClick={importDialog.open} data-testid="import-contacts">
              Import CSV
            </Button>
          </>
        ) : null}
        <Button
          component="a"
          href={contactsExportUrl(client.id)}
          variant="default"
          data-testid="export-contacts"
        >
          Export CSV
        </Button>
      </Group>
      <Card withBorder padding="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Search by name or email"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 220px' }}
            data-testid="contacts-search"
          />
          <Select
            label="Status"
            data={statusOptions}
            value={status}
            onChange={(v) => v && setStatus(v as typeof status)}
            allowDeselect={false}
            style={{ flex: '0 1 160px' }}
          />
        </Group>
      </Card>

      {list.isPending ? (
        <PageLoader label="Loading contacts" />
      ) : list.isError ? (
        <ErrorState title="Could not load contacts" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="contacts-empty">
          <Text fw={600}>{q ? `Nobody matches “${q}”.` : 'No contacts yet.'}</Text>
          <Text size="sm" c="dimmed">
            {q
              ? 'Search for part of a name or email address.'
              : canManage
                ? 'Add the people you deal with at this client, or import them from a CSV file.'
                : 'Contacts appear here once they are added.'}
          </Text>
        </Card>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped verticalSpacing="sm" data-testid="contacts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Email and phone</Table.Th>
                  <Table.Th scope="col">Access</Table.Th>
                  <Table.Th scope="col">Portal</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  {canManage ? <Table.Th scope="col">Actions</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => (
                  <Table.Tr key={c.id} data-testid={`contact-row-${c.id}`}>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {c.name}
                      </Text>
                      {c.title || c.department ? (
                        <Text size="xs" c="dimmed">
                          {[c.title, c.department].filter(Boolean).join(', ')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {c.email ?? 'No email'}
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
                      <Text size="sm">{loginWords(c)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={c.status === 'active' ? 'teal' : 'gray'} variant="light">
                        {c.status === 'active' ? 'Active' : 'Inactive'}
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
                            aria-label={`Edit ${c.name}`}
                            data-testid={`edit-contact-${c.id}`}
                          >
                            Edit
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
            label="Contact list pages"
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
        title={`New contact at ${client.name}`}
        initial={contactValues()}
        mode="create"
        onCreate={(body, done) => create.mutate(body, { onSuccess: done })}
        pending={create.isPending}
        error={create.error}
      />
      <ContactDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? `Edit ${editing.name}` : ''}
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
  const setStatus = useSetContactStatus(clientId);
  const deactivating = contact.status === 'active';
  return (
    <ConfirmButton
      label={deactivating ? 'Deactivate' : 'Reactivate'}
      ariaLabel={`${deactivating ? 'Deactivate' : 'Reactivate'} ${contact.name}`}
      title={deactivating ? `Deactivate ${contact.name}?` : `Reactivate ${contact.name}?`}
      message={
        deactivating
          ? contact.login
            ? 'Their portal login stops working at once and they are signed out everywhere. You can reactivate them later.'
            : 'They are marked inactive. You can reactivate them later.'
          : contact.login
            ? 'They become active again and can sign in to the portal with their existing login.'
            : 'They become active again.'
      }
      confirmLabel={deactivating ? 'Deactivate' : 'Reactivate'}
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
