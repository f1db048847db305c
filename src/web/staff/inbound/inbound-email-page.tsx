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
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { InboundEmailDetail, SenderAuthView } from '../../../shared/schemas/ticket-email.ts';
import { errorMessage, isApiError } from '../../api/client.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { renderDataOption } from '../../ui/language-option.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { isolate } from '../isolate.ts';
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

const methodKeys = {
  smtp: 'staffApp:inbound.check.method.smtp',
  dkim: 'staffApp:inbound.check.method.dkim',
  header: 'staffApp:inbound.check.method.header',
} as const satisfies Record<SenderAuthView['method'], `staffApp:${string}`>;

/** How the sender was checked and what was found; a warning when it went through unauthenticated. */
function SenderCheck({ email }: { email: InboundEmailDetail }) {
  const { t } = useTranslation();
  const auth: SenderAuthView | null = email.senderAuth;
  if (!auth) {
    return (
      <Text size="sm" c="dimmed" mt="md" data-testid="inbound-sender-check">
        {t('staffApp:inbound.check.none')}
      </Text>
    );
  }
  const how =
    auth.method === 'header' && auth.authservId
      ? t('staffApp:inbound.check.trustedServer', { server: auth.authservId })
      : t(methodKeys[auth.method]);
  if (auth.verdict === 'pass') {
    return (
      <Box mt="md" data-testid="inbound-sender-check">
        <Text size="sm" fw={600} c="teal">
          {auth.fromDomain
            ? t('staffApp:inbound.check.passFrom', { domain: auth.fromDomain })
            : t('staffApp:inbound.check.pass')}
        </Text>
        <Text size="xs" c="dimmed">
          {how} {auth.summary}.
        </Text>
      </Box>
    );
  }
  const applied = email.status === 'added' || email.status === 'created';
  return (
    <Alert
      mt="md"
      color="red"
      title={t('staffApp:inbound.unauthenticated')}
      data-testid="inbound-sender-check"
    >
      <Text size="sm">
        {auth.fromDomain
          ? t('staffApp:inbound.check.failDomain', { domain: auth.fromDomain })
          : t('staffApp:inbound.check.failAddress')}{' '}
        {applied ? t('staffApp:inbound.check.failApplied') : t('staffApp:inbound.check.failHeld')}
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

function fieldError(error: unknown, field: string): string | undefined {
  return isApiError(error) ? error.fields[field] : undefined;
}

/** Errors that name no field are shown above the buttons. */
function FormError({ error, fields }: { error: unknown; fields: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (isApiError(error) && fields.some((f) => error.fields[f])) return null;
  return (
    <Alert color="red" role="alert" title={t('staffApp:inbound.notDone')}>
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
  waitingFor = 'client',
}: {
  /** What must be chosen before the contacts can be listed. */
  waitingFor?: 'client' | 'ticket';
  clientId: number | null;
  value: string | null;
  onChange: (v: string | null) => void;
  error?: string | undefined;
  label: string;
  description?: string;
  testId: string;
}) {
  const { t } = useTranslation();
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
          ? waitingFor === 'ticket'
            ? t('staffApp:inbound.contact.ticketFirst')
            : t('staffApp:tickets.pickers.clientFirst')
          : contacts.isPending
            ? t('staffApp:inbound.contact.loading')
            : t('staffApp:inbound.contact.choose')
      }
      data={options}
      renderOption={renderDataOption}
      value={value}
      onChange={onChange}
      searchable
      nothingFoundMessage={
        contacts.isError ? t('staffApp:tickets.pickers.contactsError') : t('staffApp:inbound.contact.none')
      }
      disabled={!enabled}
      error={error ?? (contacts.isError && enabled ? errorMessage(contacts.error) : undefined)}
      data-testid={testId}
    />
  );
}

function CreateTicketForm({ email, onDone }: { email: InboundEmailDetail; onDone: () => void }) {
  const { t } = useTranslation();
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
      aria-label={t('staffApp:inbound.create.label')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!clientId || !contactId) return;
        create.mutate({ clientId: Number(clientId), contactId: Number(contactId) }, { onSuccess: onDone });
      }}
    >
      <Stack gap="sm">
        <Text fw={600}>{t('staffApp:inbound.create.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('staffApp:inbound.create.text')}
        </Text>
        <Select
          label={t('staffApp:tickets.new.client')}
          placeholder={t('staffApp:inbound.create.searchClients')}
          data={clientOptions}
          renderOption={renderDataOption}
          value={clientId}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          onChange={(v) => {
            setClientId(v);
            setContactId(known.find((k) => String(k.clientId) === v)?.contactId.toString() ?? null);
          }}
          nothingFoundMessage={
            clients.isPending ? t('staffApp:actions.searching') : t('staffApp:inbound.create.noClient')
          }
          error={fieldError(create.error, 'clientId')}
          required
          data-testid="inbound-client"
        />
        <ContactSelect
          clientId={clientId ? Number(clientId) : null}
          value={contactId}
          onChange={setContactId}
          error={fieldError(create.error, 'contactId')}
          label={t('staffApp:inbound.create.raisedBy')}
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
            {t('staffApp:inbound.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AddToTicketForm({ email, onDone }: { email: InboundEmailDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState<number | null>(email.ticketId);
  const [debounced] = useDebouncedValue(number, 400);
  const ticket = useTicketByNumber(debounced);
  const [contactId, setContactId] = useState<string | null>(null);
  const add = useAddEmailToTicket(email.id);
  const clientId = ticket.data?.clientId ?? null;
  const senderContact = email.knownContacts.find((k) => k.clientId === clientId);

  return (
    <form
      aria-label={t('staffApp:inbound.add.label')}
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
        <Text fw={600}>{t('staffApp:inbound.add.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('staffApp:inbound.add.text')}
        </Text>
        <NumberInput
          label={t('staffApp:inbound.add.number')}
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
              ? t('staffApp:inbound.add.found', {
                  id: ticket.data.id,
                  subject: isolate(ticket.data.subject),
                  client: isolate(ticket.data.clientName),
                })
              : ticket.isError && debounced
                ? t('staffApp:inbound.add.notFound')
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
          label={t('staffApp:inbound.from')}
          waitingFor="ticket"
          description={
            senderContact
              ? t('staffApp:inbound.add.senderKnown')
              : clientId
                ? t('staffApp:inbound.add.senderUnknown')
                : undefined
          }
          testId="inbound-add-contact"
        />
        <FormError error={add.error} fields={['ticketId', 'contactId']} />
        <Group>
          <Button type="submit" disabled={!number} loading={add.isPending} data-testid="inbound-add">
            {t('staffApp:inbound.add.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /staff/inbound/:inboundId: one received email, and the decision on it while it is held. */
export function InboundEmailPage() {
  const { t } = useTranslation();
  const params = useParams();
  const id = Number(params.inboundId);
  const email = useInboundEmail(id);
  const discard = useDiscardEmail(id);
  const format = useFormat();
  const [done, setDone] = useState<string | null>(null);

  const back = (
    <Anchor component={Link} to="/staff/inbound" size="sm">
      <span className="mirror-rtl" style={{ display: 'inline-block' }} aria-hidden="true">
        ←
      </span>{' '}
      {t('staffApp:inbound.back')}
    </Anchor>
  );
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <Stack>
        {back}
        <Alert color="gray" title={t('staffApp:outbox.noSuchTitle')}>
          {t('staffApp:inbound.noSuchText')}
        </Alert>
      </Stack>
    );
  }
  if (email.isPending) return <PageLoader label={t('staffApp:outbox.loadingEmail')} />;
  if (email.isError) {
    return (
      <Stack>
        {back}
        <ErrorState
          title={t('staffApp:outbox.loadEmailError')}
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
      <Title order={1} style={{ wordBreak: 'break-word' }} dir="auto" data-testid="inbound-subject">
        {e.subject || t('staffApp:inbound.noSubject')}
      </Title>
      {done ? (
        <Alert color="teal" role="status" title={t('staffApp:inbound.done')} data-testid="inbound-done">
          {done}
        </Alert>
      ) : null}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Fact label={t('staffApp:inbound.from')}>
            <bdi>{sender(t, e)}</bdi>
          </Fact>
          <Fact label={t('staffApp:outbox.to')}>{e.toAddress ? <bdi>{e.toAddress}</bdi> : '—'}</Fact>
          <Fact label={t('staffApp:inbound.received')}>
            {t('staffApp:inbound.receivedVia', {
              when: format.dateTime(e.receivedAt),
              via: e.receivedVia === 'imap' ? 'IMAP' : 'SMTP',
            })}
          </Fact>
          <Fact label={t('staffApp:tickets.fields.status')}>
            <Group gap="xs">
              <StatusBadge status={e.status} />
              {e.ticketId && e.status !== 'held' ? (
                <Anchor component={Link} to={`/staff/tickets/${e.ticketId}`}>
                  {t('staffApp:inbound.ticketLink', { id: e.ticketId })}
                </Anchor>
              ) : null}
              {e.reviewedBy ? (
                <Text size="sm">{t('staffApp:inbound.reviewedBy', { name: isolate(e.reviewedBy) })}</Text>
              ) : null}
            </Group>
          </Fact>
        </SimpleGrid>
        {e.reason ? (
          <Alert
            mt="md"
            color={e.status === 'held' ? 'orange' : 'gray'}
            title={t('staffApp:inbound.whyHeld')}
            data-testid="inbound-reason"
          >
            {e.reason}
            {e.status === 'held' && e.ticketId ? (
              <>
                {' '}
                {t('staffApp:inbound.answers')}{' '}
                <Anchor component={Link} to={`/staff/tickets/${e.ticketId}`}>
                  {t('staffApp:tickets.page.mergedLink', { id: e.ticketId })}
                </Anchor>
              </>
            ) : null}
          </Alert>
        ) : null}
        <SenderCheck email={e} />
      </Card>

      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('staffApp:inbound.textTitle')}
        </Title>
        <Code
          block
          dir="auto"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          data-testid="inbound-text"
        >
          {e.textBody || t('staffApp:inbound.noText')}
        </Code>
        {e.attachments.length ? (
          <>
            <Text size="sm" fw={600}>
              {t('staffApp:inbound.attachments', { count: e.attachments.length })}
            </Text>
            <List size="sm">
              {e.attachments.map((a) => (
                <List.Item key={a.key}>
                  <bdi>{a.filename}</bdi> ({format.fileSize(a.sizeBytes)})
                </List.Item>
              ))}
            </List>
            <Text size="xs" c="dimmed">
              {t('staffApp:inbound.attachmentsHint')}
            </Text>
          </>
        ) : null}
      </Stack>

      {e.status === 'held' ? (
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('staffApp:inbound.decide')}
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Card withBorder>
              <CreateTicketForm email={e} onDone={() => setDone(t('staffApp:inbound.opened'))} />
            </Card>
            <Card withBorder>
              <AddToTicketForm email={e} onDone={() => setDone(t('staffApp:inbound.added'))} />
            </Card>
          </SimpleGrid>
          <Group>
            <ConfirmButton
              label={t('staffApp:inbound.discard')}
              title={t('staffApp:inbound.discardTitle')}
              message={t('staffApp:inbound.discardText')}
              confirmLabel={t('staffApp:inbound.discard')}
              danger
              pending={discard.isPending}
              error={discard.error}
              onConfirm={(close) =>
                discard.mutate(undefined, {
                  onSuccess: () => {
                    close();
                    setDone(t('staffApp:inbound.discarded'));
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
