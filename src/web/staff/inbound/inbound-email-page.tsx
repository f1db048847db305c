import {
  Alert,
  Anchor,
  Box,
  Button,
  Card,
  Code,
  Group,
  List,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  type InboundEmailDetail,
  type SenderAuthView,
  senderAuthMethodLabels,
} from '../../../shared/schemas/ticket-email.ts';
import { errorMessage, isApiError } from '../../api/client.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { formatInstant } from '../../ui/format-date.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import {
  useAddEmailToTicket,
  useClientContacts,
  useClientSearch,
  useCreateTicketFromEmail,
  useDiscardEmail,
  useInboundEmail,
  useTicketByNumber,
} from './api.ts';
import { StatusBadge, sender } from './inbound-list-page.tsx';

/** How the sender was checked and what was found; a warning when it went through unauthenticated. */
function SenderCheck({ email }: { email: InboundEmailDetail }) {
  const auth: SenderAuthView | null = email.senderAuth;
  if (!auth) {
    return (
      <Text size="sm" c="dimmed" mt="md" data-testid="inbound-sender-check">
        The sender was not checked (the email was received before the check existed, or could not be read).
      </Text>
    );
  }
  const how =
    auth.method === 'header' && auth.authservId
      ? `Read from the Authentication-Results of ${auth.authservId}, a receiving server trusted in Settings.`
      : `${senderAuthMethodLabels[auth.method]}.`;
  if (auth.verdict === 'pass') {
    return (
      <Box mt="md" data-testid="inbound-sender-check">
        <Text size="sm" fw={600} c="teal">
          Sender authenticated{auth.fromDomain ? `: the email comes from ${auth.fromDomain}` : ''}.
        </Text>
        <Text size="xs" c="dimmed">
          {how} {auth.summary}.
        </Text>
      </Box>
    );
  }
  const applied = email.status === 'added' || email.status === 'created';
  return (
    <Alert mt="md" color="red" title="Sender not authenticated" data-testid="inbound-sender-check">
      <Text size="sm">
        Nothing shows that this email comes from {auth.fromDomain ?? 'the address it names'}: anyone could
        have written it in {email.fromAddress || 'that'}’s name.{' '}
        {applied
          ? 'It was accepted with a warning, as Settings allow. Check with the sender before acting on it.'
          : 'Check with the sender before opening a ticket from it or adding it to one.'}
      </Text>
      <Text size="xs" mt={4}>
        {how} {auth.summary}.
      </Text>
    </Alert>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </Box>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function fieldError(error: unknown, field: string): string | undefined {
  return isApiError(error) ? error.fields[field] : undefined;
}

/** Errors that name no field are shown above the buttons. */
function FormError({ error, fields }: { error: unknown; fields: string[] }) {
  if (!error) return null;
  if (isApiError(error) && fields.some((f) => error.fields[f])) return null;
  return (
    <Alert color="red" role="alert" title="Not done">
      {errorMessage(error)}
    </Alert>
  );
}

/** Active contacts of one client, as options; loads when a client is chosen. */
function ContactSelect({
  clientId,
  value,
  onChange,
  error,
  label,
  description,
  testId,
  waitingFor = 'the client',
}: {
  /** What must be chosen before the contacts can be listed. */
  waitingFor?: string;
  clientId: number | null;
  value: string | null;
  onChange: (v: string | null) => void;
  error?: string | undefined;
  label: string;
  description?: string;
  testId: string;
}) {
  const contacts = useClientContacts(clientId);
  const enabled = clientId !== null;
  const options = enabled
    ? (contacts.data ?? [])
        .filter((c) => c.status === 'active')
        .map((c) => ({ value: String(c.id), label: c.email ? `${c.name} (${c.email})` : c.name }))
    : [];
  return (
    <Select
      label={label}
      description={description}
      placeholder={
        !enabled
          ? `Choose ${waitingFor} first`
          : contacts.isPending
            ? 'Loading contacts…'
            : 'Choose a contact'
      }
      data={options}
      value={value}
      onChange={onChange}
      searchable
      nothingFoundMessage={contacts.isError ? 'Could not load the contacts' : 'No active contacts'}
      disabled={!enabled}
      error={error ?? (contacts.isError && enabled ? errorMessage(contacts.error) : undefined)}
      data-testid={testId}
    />
  );
}

function CreateTicketForm({ email, onDone }: { email: InboundEmailDetail; onDone: () => void }) {
  const known = email.knownContacts;
  const [clientId, setClientId] = useState<string | null>(known[0] ? String(known[0].clientId) : null);
  const [contactId, setContactId] = useState<string | null>(known[0] ? String(known[0].contactId) : null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const clients = useClientSearch(q);
  const create = useSubmitOnce(useCreateTicketFromEmail(email.id));
  const clientOptions = [
    ...known.map((k) => ({ value: String(k.clientId), label: k.clientName })),
    ...(clients.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name })),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);

  return (
    <form
      aria-label="Open a ticket from this email"
      onSubmit={(e) => {
        e.preventDefault();
        if (!clientId || !contactId) return;
        create.mutate({ clientId: Number(clientId), contactId: Number(contactId) }, { onSuccess: onDone });
      }}
    >
      <Stack gap="sm">
        <Text fw={600}>Open a ticket</Text>
        <Text size="sm" c="dimmed">
          The ticket is raised by the contact you choose, with this email’s subject, text and attachments.
        </Text>
        <Select
          label="Client"
          placeholder="Search clients by name"
          data={clientOptions}
          value={clientId}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          onChange={(v) => {
            setClientId(v);
            setContactId(known.find((k) => String(k.clientId) === v)?.contactId.toString() ?? null);
          }}
          nothingFoundMessage={clients.isPending ? 'Searching…' : 'No client matches'}
          error={fieldError(create.error, 'clientId')}
          required
          data-testid="inbound-client"
        />
        <ContactSelect
          clientId={clientId ? Number(clientId) : null}
          value={contactId}
          onChange={setContactId}
          error={fieldError(create.error, 'contactId')}
          label="Raised by"
          testId="inbound-contact"
        />
        <FormError error={create.error} fields={['clientId', 'contactId']} />
        <Group>
          <Button
            type="submit"
            disabled={!clientId || !contactId}
            loading={create.isPending}
            data-testid="inbound-create"
          >
            Open ticket
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AddToTicketForm({ email, onDone }: { email: InboundEmailDetail; onDone: () => void }) {
  const [number, setNumber] = useState<number | null>(email.ticketId);
  const [debounced] = useDebouncedValue(number, 400);
  const ticket = useTicketByNumber(debounced);
  const [contactId, setContactId] = useState<string | null>(null);
  const add = useAddEmailToTicket(email.id);
  const clientId = ticket.data?.clientId ?? null;
  const senderContact = email.knownContacts.find((k) => k.clientId === clientId);

  return (
    <form
      aria-label="Add this email to a ticket"
      onSubmit={(e) => {
        e.preventDefault();
        if (!number) return;
        const chosen = contactId ?? (senderContact ? String(senderContact.contactId) : null);
        add.mutate(
          { ticketId: number, ...(chosen ? { contactId: Number(chosen) } : {}) },
          { onSuccess: onDone },
        );
      }}
    >
      <Stack gap="sm">
        <Text fw={600}>Add to a ticket</Text>
        <Text size="sm" c="dimmed">
          The text (without the quoted history) and attachments become a reply on the ticket, from a contact
          of that ticket’s client.
        </Text>
        <NumberInput
          label="Ticket number"
          value={number ?? ''}
          onChange={(v) => {
            setNumber(typeof v === 'number' && v > 0 ? v : null);
            setContactId(null);
          }}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          hideControls
          error={fieldError(add.error, 'ticketId')}
          description={
            ticket.data
              ? `#${ticket.data.id} ${ticket.data.subject} (${ticket.data.clientName})`
              : ticket.isError && debounced
                ? 'No ticket with this number.'
                : undefined
          }
          required
          data-testid="inbound-ticket"
        />
        <ContactSelect
          clientId={clientId}
          value={contactId ?? (senderContact ? String(senderContact.contactId) : null)}
          onChange={setContactId}
          error={fieldError(add.error, 'contactId')}
          label="From"
          waitingFor="the ticket"
          description={
            senderContact
              ? 'The sender is a contact of this client.'
              : clientId
                ? 'The sender is not a contact of this client: choose who the reply comes from.'
                : undefined
          }
          testId="inbound-add-contact"
        />
        <FormError error={add.error} fields={['ticketId', 'contactId']} />
        <Group>
          <Button type="submit" disabled={!number} loading={add.isPending} data-testid="inbound-add">
            Add to ticket
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /staff/inbound/:inboundId: one received email, and the decision on it while it is held. */
export function InboundEmailPage() {
  const params = useParams();
  const id = Number(params.inboundId);
  const email = useInboundEmail(id);
  const discard = useDiscardEmail(id);
  const branding = useBrandingContext();
  const [done, setDone] = useState<string | null>(null);

  const back = (
    <Anchor component={Link} to="/staff/inbound" size="sm">
      ← Back to inbound email
    </Anchor>
  );
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <Stack>
        {back}
        <Alert color="gray" title="No such email">
          This address does not name a received email.
        </Alert>
      </Stack>
    );
  }
  if (email.isPending) return <PageLoader label="Loading the email" />;
  if (email.isError) {
    return (
      <Stack>
        {back}
        <ErrorState
          title="Could not load the email"
          error={email.error}
          onRetry={() => void email.refetch()}
        />
      </Stack>
    );
  }
  // The list never changes order: its position is a stable key.
  const e = {
    ...email.data,
    attachments: email.data.attachments.map((a, position) => ({ ...a, key: `${position}:${a.filename}` })),
  };
  return (
    <Stack gap="lg">
      {back}
      <Title order={1} style={{ wordBreak: 'break-word' }} data-testid="inbound-subject">
        {e.subject || '(no subject)'}
      </Title>
      {done ? (
        <Alert color="teal" role="status" title="Done" data-testid="inbound-done">
          {done}
        </Alert>
      ) : null}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Fact label="From">{sender(e)}</Fact>
          <Fact label="To">{e.toAddress ?? '—'}</Fact>
          <Fact label="Received">
            {formatInstant(e.receivedAt, branding)} by {e.receivedVia === 'imap' ? 'IMAP' : 'SMTP'}
          </Fact>
          <Fact label="Status">
            <Group gap="xs">
              <StatusBadge status={e.status} />
              {e.ticketId && e.status !== 'held' ? (
                <Anchor component={Link} to={`/staff/tickets/${e.ticketId}`}>
                  Ticket #{e.ticketId}
                </Anchor>
              ) : null}
              {e.reviewedBy ? <Text size="sm">by {e.reviewedBy}</Text> : null}
            </Group>
          </Fact>
        </SimpleGrid>
        {e.reason ? (
          <Alert
            mt="md"
            color={e.status === 'held' ? 'orange' : 'gray'}
            title="Why it was held"
            data-testid="inbound-reason"
          >
            {e.reason}
            {e.status === 'held' && e.ticketId ? (
              <>
                {' '}
                It answers{' '}
                <Anchor component={Link} to={`/staff/tickets/${e.ticketId}`}>
                  ticket #{e.ticketId}
                </Anchor>
                .
              </>
            ) : null}
          </Alert>
        ) : null}
        <SenderCheck email={e} />
      </Card>

      <Stack gap="xs">
        <Title order={2} size="h4">
          Text of the email
        </Title>
        <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="inbound-text">
          {e.textBody || '(The email had no text.)'}
        </Code>
        {e.attachments.length ? (
          <>
            <Text size="sm" fw={600}>
              Attachments ({e.attachments.length})
            </Text>
            <List size="sm">
              {e.attachments.map((a) => (
                <List.Item key={a.key}>
                  {a.filename} ({formatSize(a.sizeBytes)})
                </List.Item>
              ))}
            </List>
            <Text size="xs" c="dimmed">
              Attachments are kept with the email and added to the ticket when you open one or add the email
              to one.
            </Text>
          </>
        ) : null}
      </Stack>

      {e.status === 'held' ? (
        <Stack gap="md">
          <Title order={2} size="h4">
            Decide
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Card withBorder>
              <CreateTicketForm email={e} onDone={() => setDone('A ticket was opened from this email.')} />
            </Card>
            <Card withBorder>
              <AddToTicketForm email={e} onDone={() => setDone('The email was added to the ticket.')} />
            </Card>
          </SimpleGrid>
          <Group>
            <ConfirmButton
              label="Discard"
              title="Discard this email?"
              message="It stays in the list as discarded; no ticket is opened or changed, and no one is answered."
              confirmLabel="Discard"
              danger
              pending={discard.isPending}
              error={discard.error}
              onConfirm={(close) =>
                discard.mutate(undefined, {
                  onSuccess: () => {
                    close();
                    setDone('The email was discarded.');
                  },
                })
              }
              testId="inbound-discard"
            />
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}
