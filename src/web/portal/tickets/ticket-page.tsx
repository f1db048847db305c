import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Card,
  Divider,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type TicketDetail, type TicketMessage, ticketMessageBody } from '../../../shared/schemas/tickets.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { useLiveEvents } from '../../api/live.ts';
import {
  AttachmentDropzone,
  AttachmentList,
  AttachmentsError,
  type UploadResponse,
  UploadsWaiting,
} from '../../ui/attachments/index.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { formatDate, formatDateTime } from '../../ui/format-date.ts';
import { SlaTimers, useNow } from '../../ui/sla/index.ts';
import { ErrorState, PageLoader, SubmitError } from '../../ui/states.tsx';
import { formatMinutes } from '../../ui/ticket-format.ts';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import {
  usePostReply,
  useSetTicketStatus,
  useTicket,
  useTicketAccess,
  useTicketMessages,
  useTicketOptions,
} from './api.ts';
import { relativeTime } from './format.ts';
import { MarkdownBlock, MarkdownField } from './markdown-field.tsx';
import { PriorityBadge, StatusBadge, TicketsUnavailable } from './ticket-bits.tsx';

export function TicketPage() {
  const access = useTicketAccess();
  const params = useParams();
  const id = Number(params.ticketId);
  const valid = Number.isInteger(id) && id > 0;
  const allowed = Boolean(access?.enabled && access.viewOwn);
  const ticket = useTicket(valid ? id : 0, valid && allowed);
  if (!access) return null;
  if (!allowed) return <TicketsUnavailable access={access} need="view" />;
  // Another client's ticket and a missing one look the same: not found.
  if (!valid || (ticket.isError && ticket.error instanceof ApiError && ticket.error.status === 404)) {
    return <TicketNotFound />;
  }
  if (ticket.isPending) return <PageLoader label="Loading the ticket" />;
  if (ticket.isError) {
    return (
      <ErrorState
        title="Could not load this ticket"
        error={ticket.error}
        onRetry={() => void ticket.refetch()}
      />
    );
  }
  return <TicketView ticket={ticket.data} />;
}

function TicketNotFound() {
  return (
    <Stack gap="sm" maw={560} data-testid="ticket-not-found">
      <Title order={1}>Ticket not found</Title>
      <Text>
        There is no ticket at this address that you can see. The link may be mistyped, or the ticket may
        belong to someone else.
      </Text>
      <Anchor component={Link} to="/portal/tickets">
        Go to your tickets
      </Anchor>
    </Stack>
  );
}

function TicketView({ ticket: t }: { ticket: TicketDetail }) {
  const branding = useBrandingContext();
  useLiveEvents();
  const now = useNow(30_000);
  const setStatus = useSetTicketStatus(t.id);

  useEffect(() => {
    document.title = `${t.number} ${t.subject} · ${branding.portalName}`;
  }, [t.number, t.subject, branding.portalName]);

  const pausedLabel = t.status === 'waiting-on-client' ? 'Paused (waiting on you)' : 'Paused';
  const when = (iso: string) => formatDateTime(iso, branding);

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/portal/tickets" size="sm">
        ‹ All tickets
      </Anchor>

      <Stack gap={6}>
        <Title order={1} style={{ overflowWrap: 'anywhere' }} data-testid="ticket-title">
          <Text span inherit c="dimmed" mr="xs" data-testid="ticket-number">
            {t.number}
          </Text>
          {t.subject}
        </Title>
        <Group gap="xs">
          <StatusBadge status={t.status} />
          <PriorityBadge priority={t.priority} />
          {t.categoryName ? (
            <Badge color="gray" variant="outline" styles={{ label: { textTransform: 'none' } }}>
              {t.categoryName}
            </Badge>
          ) : null}
        </Group>
      </Stack>

      {t.mergedIntoId !== null ? (
        <Alert color="gray" title={`Merged into #${t.mergedIntoId}`} data-testid="ticket-merged">
          <Text size="sm">
            This ticket was combined with another one, where the conversation continues.{' '}
            <Anchor component={Link} to={`/portal/tickets/${t.mergedIntoId}`}>
              Go to ticket #{t.mergedIntoId}
            </Anchor>
          </Text>
        </Alert>
      ) : null}

      <StatusActions
        ticket={t}
        pending={setStatus.isPending}
        error={setStatus.error}
        onSet={setStatus.mutate}
      />

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="ticket-details">
          <Title order={2} size="h4" id="ticket-details" mb="sm">
            Details
          </Title>
          <Stack gap={6}>
            <Detail label="Raised by" value={t.requesterName ?? 'Your provider'} />
            <Detail
              label="Assigned to"
              value={t.assigneeName ?? 'Not yet assigned'}
              testId="ticket-assignee"
            />
            <Detail
              label="Created"
              value={`${when(t.createdAt)} (${relativeTime(t.createdAt, now) ?? 'earlier'})`}
            />
            <Detail
              label="Last update"
              value={`${when(t.updatedAt)} (${relativeTime(t.updatedAt, now) ?? 'earlier'})`}
            />
            {t.resolvedAt ? <Detail label="Resolved" value={when(t.resolvedAt)} /> : null}
            {t.closedAt ? <Detail label="Closed" value={when(t.closedAt)} /> : null}
            {t.timeSpentMinutes !== null ? (
              <Detail label="Time logged" value={formatMinutes(t.timeSpentMinutes)} testId="ticket-time" />
            ) : null}
            {t.affected.length > 0 ? <Detail label="Affects" value={t.affected.join(', ')} /> : null}
            {t.watchers.length > 0 ? (
              <Detail label="Following" value={t.watchers.map((w) => w.name).join(', ')} />
            ) : null}
          </Stack>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="ticket-sla">
          <Title order={2} size="h4" id="ticket-sla" mb="sm">
            Response times
          </Title>
          <SlaTimers sla={t.sla} pausedLabel={pausedLabel} />
        </Card>
      </SimpleGrid>

      <Card withBorder padding="lg" component="section" aria-labelledby="ticket-description">
        <Title order={2} size="h4" id="ticket-description" mb="sm">
          Description
        </Title>
        <MarkdownBlock html={t.descriptionHtml} testId="ticket-description-html" />
        {t.attachments.length > 0 ? (
          <Stack gap={4} mt="md">
            <Text size="sm" fw={600}>
              Attachments
            </Text>
            <AttachmentList attachments={t.attachments} />
          </Stack>
        ) : null}
      </Card>

      <Conversation ticket={t} />
    </Stack>
  );
}

function StatusActions({
  ticket: t,
  pending,
  error,
  onSet,
}: {
  ticket: TicketDetail;
  pending: boolean;
  error: unknown;
  onSet: (status: 'closed' | 'open', options: { onSuccess: () => void }) => void;
}) {
  const branding = useBrandingContext();
  if (!t.can.close && !t.can.reopen) {
    if (t.status === 'closed' && t.mergedIntoId === null) {
      return (
        <Text size="sm" c="dimmed" data-testid="ticket-closed-note">
          This ticket is closed. If the problem is back, raise a new ticket.
        </Text>
      );
    }
    return null;
  }
  const until = t.reopenUntil
    ? formatDate(new Date(t.reopenUntil), branding.dateFormat, branding.timeZone)
    : null;
  return (
    <Card withBorder padding="md" data-testid="ticket-actions">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">
          {t.can.close
            ? 'Is the problem solved? Close the ticket to tell the team you are happy with the result.'
            : until
              ? `This ticket is closed. You can reopen this ticket until ${until}.`
              : 'This ticket is closed. You can reopen it if the problem is back.'}
        </Text>
        {t.can.close ? (
          <ConfirmButton
            key="close"
            label="Close ticket"
            title={`Close ${t.number}?`}
            message="The ticket is marked as closed. If the problem comes back, you can reopen it for a while."
            confirmLabel="Close ticket"
            pending={pending}
            error={error}
            onConfirm={(done) => onSet('closed', { onSuccess: done })}
            buttonProps={{ size: 'sm' }}
            testId="ticket-close"
          />
        ) : (
          <ConfirmButton
            key="reopen"
            label="Reopen"
            title={`Reopen ${t.number}?`}
            message="The ticket goes back to the support team as open. Add a reply below to say what is still wrong."
            confirmLabel="Reopen"
            pending={pending}
            error={error}
            onConfirm={(done) => onSet('open', { onSuccess: done })}
            buttonProps={{ size: 'sm', variant: 'filled' }}
            testId="ticket-reopen"
          />
        )}
      </Group>
    </Card>
  );
}

function Detail({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={110} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}

// ---------------------------------------------------------------------------------------------------
// Conversation

function Conversation({ ticket: t }: { ticket: TicketDetail }) {
  const { data: me } = useMe();
  const access = useTicketAccess();
  const messages = useTicketMessages(t.id);
  const myName = me?.kind === 'contact' ? me.name : null;

  // Replies that arrive while the page is open (not the reader's own) are marked and announced politely.
  const known = useRef<Set<number> | null>(null);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (!messages.data) return;
    const ids = new Set(messages.data.map((m) => m.id));
    if (known.current === null) {
      known.current = ids;
      return;
    }
    const previous = known.current;
    const arrived = messages.data.filter(
      (m) => !previous.has(m.id) && !(m.authorKind === 'contact' && m.authorName === myName),
    );
    known.current = ids;
    if (arrived.length === 0) return;
    setFresh((f) => new Set([...f, ...arrived.map((m) => m.id)]));
    const replies = arrived.filter((m) => m.authorKind !== 'system');
    const last = replies.at(-1);
    setAnnouncement(
      last
        ? replies.length === 1
          ? `New reply from ${last.authorName}.`
          : `${replies.length} new replies.`
        : 'The ticket was updated.',
    );
  }, [messages.data, myName]);

  return (
    <Stack gap="md" component="section" aria-labelledby="ticket-conversation">
      <Title order={2} size="h3" id="ticket-conversation">
        Conversation
      </Title>
      <VisuallyHidden aria-live="polite" aria-atomic="true" data-testid="conversation-announcement">
        {announcement}
      </VisuallyHidden>
      {messages.isPending ? (
        <PageLoader label="Loading the conversation" />
      ) : messages.isError ? (
        <ErrorState
          title="Could not load the conversation"
          error={messages.error}
          onRetry={() => void messages.refetch()}
        />
      ) : messages.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="conversation-empty">
          No replies yet. The support team's answers will show here.
        </Text>
      ) : (
        <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} data-testid="conversation">
          {messages.data.map((m) => (
            <li key={m.id}>
              <MessageItem
                message={m}
                mine={m.authorKind === 'contact' && m.authorName === myName}
                fresh={fresh.has(m.id)}
              />
            </li>
          ))}
        </Stack>
      )}
      {t.can.reply ? (
        <ReplyBox ticket={t} />
      ) : t.status !== 'closed' && t.mergedIntoId === null ? (
        <Text size="sm" c="dimmed" data-testid="reply-not-allowed">
          {access?.preview
            ? 'This is a preview of the portal: replying is switched off.'
            : 'Your access lets you follow this ticket but not reply to it.'}
        </Text>
      ) : null}
    </Stack>
  );
}

function MessageItem({ message: m, mine, fresh }: { message: TicketMessage; mine: boolean; fresh: boolean }) {
  const branding = useBrandingContext();
  const when = formatDateTime(m.createdAt, branding);
  if (m.authorKind === 'system') {
    // An event in the ticket's life (status changed, merged…): a quiet line, not a message.
    return (
      <Group gap="sm" wrap="nowrap" my={2} data-testid={`message-${m.id}`} data-kind="system">
        <Divider style={{ flex: 1 }} />
        <Text size="xs" c="dimmed" ta="center" maw="80%" style={{ overflowWrap: 'anywhere' }}>
          {m.body} · <time dateTime={m.createdAt}>{when}</time>
        </Text>
        <Divider style={{ flex: 1 }} />
      </Group>
    );
  }
  const headingId = `message-${m.id}-author`;
  return (
    <Card
      withBorder
      padding="md"
      component="article"
      aria-labelledby={headingId}
      data-testid={`message-${m.id}`}
      data-kind={m.authorKind}
      style={{
        borderLeft: `4px solid var(--mantine-color-${m.authorKind === 'staff' ? 'brand' : 'gray'}-filled)`,
      }}
    >
      <Group justify="space-between" gap="xs" mb="xs" wrap="wrap">
        <Group gap="sm" wrap="nowrap" miw={0}>
          <Avatar
            size="sm"
            radius="xl"
            color={m.authorKind === 'staff' ? 'brand' : 'gray'}
            aria-hidden="true"
          >
            {initials(m.authorName)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} id={headingId} component="h3" m={0} style={{ overflowWrap: 'anywhere' }}>
              {m.authorName}
              {mine ? ' (you)' : ''}
            </Text>
            <Text size="xs" c="dimmed">
              {m.authorKind === 'staff' ? 'Support team' : m.source === 'email' ? 'By email' : 'Portal'}
            </Text>
          </div>
        </Group>
        <Group gap="xs">
          {fresh ? (
            <Badge
              size="sm"
              color="brand"
              variant="filled"
              styles={{ label: { textTransform: 'none' } }}
              data-testid="message-new"
            >
              New
            </Badge>
          ) : null}
          <Text size="xs" c="dimmed">
            <time dateTime={m.createdAt}>{when}</time>
          </Text>
        </Group>
      </Group>
      <MarkdownBlock html={m.bodyHtml} testId={`message-${m.id}-body`} />
      {m.attachments.length > 0 ? (
        <Stack gap={4} mt="sm">
          <AttachmentList attachments={m.attachments} />
        </Stack>
      ) : null}
      {m.timeSpentMinutes > 0 ? (
        <Text size="xs" c="dimmed" mt="xs">
          Time logged: {formatMinutes(m.timeSpentMinutes)}
        </Text>
      ) : null}
    </Card>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts.at(-1)!] : parts;
  return letters.map((p) => p.charAt(0).toUpperCase()).join('') || '?';
}

const REPLY_MAX = maxLengthOf(ticketMessageBody.shape.body);

function ReplyBox({ ticket: t }: { ticket: TicketDetail }) {
  const reply = useSubmitOnce(usePostReply(t.id));
  const options = useTicketOptions();
  const formRef = useRef<HTMLFormElement>(null);
  const [body, setBody] = useState('');
  const [uploads, setUploads] = useState<UploadResponse[]>([]);
  const [uploading, setUploading] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const fields = reply.error instanceof ApiError ? reply.error.fields : {};
  const bodyError = local ?? fields.body;
  const attachmentError = Object.entries(fields).find(([k]) => k.startsWith('attachmentIds'))?.[1];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (uploading || reply.isPending) return;
    const parsed = ticketMessageBody.safeParse({ body, attachmentIds: uploads.map((u) => u.id) });
    if (!parsed.success) {
      setLocal(parsed.error.issues.find((i) => i.path[0] === 'body')?.message ?? 'Check the reply');
      formRef.current?.querySelector<HTMLElement>('textarea')?.focus();
      return;
    }
    setLocal(null);
    reply.mutate(
      { body, attachmentIds: uploads.map((u) => u.id) },
      {
        onSuccess: () => {
          setBody('');
          setUploads([]);
          setSent(true);
        },
      },
    );
  };

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="reply-title">
      <form
        ref={formRef}
        onSubmit={onSubmit}
        noValidate
        aria-labelledby="reply-title"
        data-testid="reply-form"
      >
        <Stack gap="md">
          <Title order={2} size="h4" id="reply-title">
            Reply
          </Title>
          {t.status === 'waiting-on-client' ? (
            <Text size="sm">
              The support team is waiting for your answer. Your reply sends the ticket back to them.
            </Text>
          ) : t.status === 'closed' ? (
            <Text size="sm">This ticket is closed. Replying reopens it and sends it back to the team.</Text>
          ) : t.status === 'resolved' ? (
            <Text size="sm">
              This ticket is resolved. If something is still wrong, reply and it goes back to the team.
            </Text>
          ) : null}
          {reply.error && !fields.body && !attachmentError ? (
            <SubmitError
              title="Your reply was not sent"
              error={reply.error}
              onRetry={() => formRef.current?.requestSubmit()}
              testId="reply-error"
            />
          ) : null}
          <MarkdownField
            label="Your reply"
            value={body}
            onChange={(v) => {
              setBody(v);
              setLocal(null);
              setSent(false);
              if (reply.error) reply.reset();
            }}
            error={bodyError}
            minRows={4}
            maxLength={REPLY_MAX}
            testId="reply-body"
          />
          <AttachmentDropzone
            label="Attachments (optional)"
            value={uploads}
            onChange={setUploads}
            maxBytes={options.data?.maxAttachmentBytes ?? 10 * 1024 * 1024}
            onBusyChange={setUploading}
            disabled={reply.isPending}
            pasteTarget={formRef}
          />
          <AttachmentsError error={attachmentError} />
          <Group gap="sm">
            <Button type="submit" loading={reply.isPending} disabled={uploading} data-testid="reply-submit">
              Send reply
            </Button>
            {uploading ? (
              <UploadsWaiting />
            ) : sent ? (
              <Text size="sm" c="teal" role="status" data-testid="reply-sent">
                ✓ Reply sent
              </Text>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
