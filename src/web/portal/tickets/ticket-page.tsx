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
import { useTranslation } from 'react-i18next';
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
import { maxLengthOf } from '../../ui/character-limit.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { usePageTitle } from '../../ui/document-title.ts';
import { schemaText } from '../../ui/i18n/server-text.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
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
import { OverageCard } from './overage-card.tsx';
import { RatingCard } from './rating-card.tsx';
import { SlaCommitment, SlaHistory, usePausedLabel } from './sla-commitment.tsx';
import { PriorityBadge, StatusBadge, TicketsUnavailable } from './ticket-bits.tsx';
import { TicketTimeSection } from './ticket-time.tsx';

export function TicketPage() {
  const access = useTicketAccess();
  const params = useParams();
  const id = Number(params.ticketId);
  const valid = Number.isInteger(id) && id > 0;
  const allowed = Boolean(access?.enabled && access.viewOwn);
  const ticket = useTicket(valid ? id : 0, valid && allowed);
  const { t: tr } = useTranslation();
  if (!access) return null;
  if (!allowed) return <TicketsUnavailable access={access} need="view" />;
  // Another client's ticket and a missing one look the same: not found.
  if (!valid || (ticket.isError && ticket.error instanceof ApiError && ticket.error.status === 404)) {
    return <TicketNotFound />;
  }
  if (ticket.isPending) return <PageLoader label={tr('portalApp:ticket.loading')} />;
  if (ticket.isError) {
    return (
      <ErrorState
        title={tr('portalApp:ticket.couldNotLoad')}
        error={ticket.error}
        onRetry={() => void ticket.refetch()}
      />
    );
  }
  return <TicketView ticket={ticket.data} />;
}

function TicketNotFound() {
  const { t: tr } = useTranslation();
  return (
    <Stack gap="sm" maw={560} data-testid="ticket-not-found">
      <Title order={1}>{tr('portalApp:ticket.notFound')}</Title>
      <Text>{tr('portalApp:ticket.notFoundBody')}</Text>
      <Anchor component={Link} to="/portal/tickets">
        {tr('portalApp:ticket.goToTickets')}
      </Anchor>
    </Stack>
  );
}

function TicketView({ ticket: t }: { ticket: TicketDetail }) {
  const { t: tr } = useTranslation();
  const format = useFormat();
  useLiveEvents();
  const now = useNow(30_000);
  const setStatus = useSetTicketStatus(t.id);

  usePageTitle(`${t.number} ${t.subject}`);

  const pausedLabel = usePausedLabel(t, now);
  const when = (iso: string) => format.dateTime(iso);
  const whenAgo = (iso: string) =>
    tr('portalApp:ticket.whenAgo', {
      when: when(iso),
      ago: relativeTime(iso, now) ?? tr('portalApp:ticket.earlier'),
    });

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/portal/tickets" size="sm">
        <span className="mirror-rtl" aria-hidden="true">
          ‹
        </span>{' '}
        {tr('portalApp:ticket.allTickets')}
      </Anchor>

      <Stack gap={6}>
        <Title order={1} style={{ overflowWrap: 'anywhere' }} data-testid="ticket-title">
          <Text span inherit c="dimmed" me="xs" data-testid="ticket-number">
            {t.number}
          </Text>
          <span dir="auto">{t.subject}</span>
        </Title>
        <Group gap="xs">
          <StatusBadge status={t.status} />
          <PriorityBadge priority={t.priority} />
          {t.categoryName ? (
            <Badge color="gray" variant="outline" styles={{ label: { textTransform: 'none' } }} dir="auto">
              {t.categoryName}
            </Badge>
          ) : null}
        </Group>
      </Stack>

      {t.mergedIntoId !== null ? (
        <Alert
          color="gray"
          title={tr('portalApp:ticket.merged', { id: t.mergedIntoId })}
          data-testid="ticket-merged"
        >
          <Text size="sm">
            {tr('portalApp:ticket.mergedBody')}{' '}
            <Anchor component={Link} to={`/portal/tickets/${t.mergedIntoId}`}>
              {tr('portalApp:ticket.goToMerged', { id: t.mergedIntoId })}
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

      <OverageCard ticketId={t.id} />

      <RatingCard ticket={t} />

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="ticket-details">
          <Title order={2} size="h4" id="ticket-details" mb="sm">
            {tr('portalApp:colleague.details')}
          </Title>
          <Stack gap={6}>
            {t.requesterName ? (
              <Detail label={tr('portalApp:ticket.raisedBy')} value={t.requesterName} personal />
            ) : (
              <Detail label={tr('portalApp:ticket.raisedBy')} value={tr('portalApp:ticket.yourProvider')} />
            )}
            {t.assigneeName ? (
              <Detail
                label={tr('portalApp:ticket.assignedTo')}
                value={t.assigneeName}
                testId="ticket-assignee"
                personal
              />
            ) : (
              <Detail
                label={tr('portalApp:ticket.assignedTo')}
                value={tr('portalApp:ticket.notAssigned')}
                testId="ticket-assignee"
              />
            )}
            {t.site ? (
              <Detail
                label={tr('portalApp:ticket.site')}
                value={t.site.label}
                testId="ticket-site"
                personal
              />
            ) : null}
            <Detail label={tr('portalApp:ticket.created')} value={whenAgo(t.createdAt)} />
            <Detail label={tr('portalApp:list.lastUpdate')} value={whenAgo(t.updatedAt)} />
            {t.resolvedAt ? (
              <Detail
                label={tr('portalApp:ticket.resolved')}
                value={tr('portalApp:ticket.on', { when: when(t.resolvedAt) })}
              />
            ) : null}
            {t.closedAt ? (
              <Detail
                label={tr('portalApp:ticket.closed')}
                value={tr('portalApp:ticket.on', { when: when(t.closedAt) })}
              />
            ) : null}
            {t.timeSpentMinutes !== null ? (
              <Detail
                label={tr('portalApp:ticket.timeLogged')}
                value={tr('portalApp:ticket.minutes', { duration: formatMinutes(t.timeSpentMinutes) })}
                testId="ticket-time"
              />
            ) : null}
            {t.affected.length > 0 ? (
              <Detail label={tr('portalApp:ticket.affects')} value={t.affected.join(', ')} personal />
            ) : null}
            {t.watchers.length > 0 ? (
              <Detail
                label={tr('portalApp:ticket.following')}
                value={t.watchers.map((w) => w.name).join(', ')}
                personal
              />
            ) : null}
          </Stack>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="ticket-sla">
          <Title order={2} size="h4" id="ticket-sla" mb="sm">
            {tr('portalApp:ticket.responseTimes')}
          </Title>
          <SlaTimers sla={t.sla} {...(pausedLabel ? { pausedLabel } : {})} />
          <SlaCommitment ticket={t} />
          <SlaHistory ticket={t} />
        </Card>
      </SimpleGrid>

      <Card withBorder padding="lg" component="section" aria-labelledby="ticket-description">
        <Title order={2} size="h4" id="ticket-description" mb="sm">
          {tr('portalApp:new.description')}
        </Title>
        <MarkdownBlock html={t.descriptionHtml} testId="ticket-description-html" />
        {t.attachments.length > 0 ? (
          <Stack gap={4} mt="md">
            <Text size="sm" fw={600}>
              {tr('portalApp:ticket.attachments')}
            </Text>
            <AttachmentList attachments={t.attachments} />
          </Stack>
        ) : null}
      </Card>

      <TicketTimeSection ticketId={t.id} />

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
  const { t: tr } = useTranslation();
  const format = useFormat();
  if (!t.can.close && !t.can.reopen) {
    if (t.status === 'closed' && t.mergedIntoId === null) {
      return (
        <Text size="sm" c="dimmed" data-testid="ticket-closed-note">
          {tr('portalApp:ticket.closedNote')}
        </Text>
      );
    }
    return null;
  }
  const until = t.reopenUntil ? format.date(t.reopenUntil) : null;
  return (
    <Card withBorder padding="md" data-testid="ticket-actions">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">
          {t.can.close
            ? tr('portalApp:ticket.closeHint')
            : until
              ? tr('portalApp:ticket.reopenUntil', { until })
              : tr('portalApp:ticket.reopenHint')}
        </Text>
        {t.can.close ? (
          <ConfirmButton
            key="close"
            label={tr('portalApp:ticket.close')}
            title={tr('portalApp:ticket.closeTitle', { number: t.number })}
            message={tr('portalApp:ticket.closeMessage')}
            confirmLabel={tr('portalApp:ticket.close')}
            pending={pending}
            error={error}
            onConfirm={(done) => onSet('closed', { onSuccess: done })}
            buttonProps={{ size: 'sm' }}
            testId="ticket-close"
          />
        ) : (
          <ConfirmButton
            key="reopen"
            label={tr('portalApp:ticket.reopen')}
            title={tr('portalApp:ticket.reopenTitle', { number: t.number })}
            message={tr('portalApp:ticket.reopenMessage')}
            confirmLabel={tr('portalApp:ticket.reopen')}
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

function Detail({
  label,
  value,
  testId,
  personal = false,
}: {
  label: string;
  value: string;
  testId?: string;
  /** People's own words (names, what they typed): their own direction. */
  personal?: boolean;
}) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={110} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text
        size="sm"
        style={{ overflowWrap: 'anywhere' }}
        data-testid={testId}
        dir={personal ? 'auto' : undefined}
      >
        {value}
      </Text>
    </Group>
  );
}

// ---------------------------------------------------------------------------------------------------
// Conversation

function Conversation({ ticket: t }: { ticket: TicketDetail }) {
  const { t: tr } = useTranslation();
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
          ? tr('portalApp:conversation.newReply', { name: last.authorName })
          : tr('portalApp:conversation.newReplies', { count: replies.length })
        : tr('portalApp:conversation.updated'),
    );
  }, [messages.data, myName, tr]);

  return (
    <Stack gap="md" component="section" aria-labelledby="ticket-conversation">
      <Title order={2} size="h3" id="ticket-conversation">
        {tr('portalApp:conversation.title')}
      </Title>
      <VisuallyHidden aria-live="polite" aria-atomic="true" data-testid="conversation-announcement">
        {announcement}
      </VisuallyHidden>
      {messages.isPending ? (
        <PageLoader label={tr('portalApp:conversation.loading')} />
      ) : messages.isError ? (
        <ErrorState
          title={tr('portalApp:conversation.couldNotLoad')}
          error={messages.error}
          onRetry={() => void messages.refetch()}
        />
      ) : messages.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="conversation-empty">
          {tr('portalApp:conversation.empty')}
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
          {access?.preview ? tr('portalApp:conversation.preview') : tr('portalApp:conversation.cannotReply')}
        </Text>
      ) : null}
    </Stack>
  );
}

function MessageItem({ message: m, mine, fresh }: { message: TicketMessage; mine: boolean; fresh: boolean }) {
  const { t: tr } = useTranslation();
  const format = useFormat();
  const when = format.dateTime(m.createdAt);
  if (m.authorKind === 'system') {
    // An event in the ticket's life (status changed, merged…): a quiet line, not a message.
    return (
      <Group gap="sm" wrap="nowrap" my={2} data-testid={`message-${m.id}`} data-kind="system">
        <Divider style={{ flex: 1 }} />
        <Text size="xs" c="dimmed" ta="center" maw="80%" style={{ overflowWrap: 'anywhere' }}>
          <span dir="auto">{m.body}</span> · <time dateTime={m.createdAt}>{when}</time>
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
        borderInlineStart: `4px solid var(--mantine-color-${m.authorKind === 'staff' ? 'brand' : 'gray'}-filled)`,
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
              <span dir="auto">{m.authorName}</span>
              {mine ? ` ${tr('portalApp:conversation.you')}` : ''}
            </Text>
            <Text size="xs" c="dimmed">
              {m.authorKind === 'staff'
                ? tr('portalApp:conversation.supportTeam')
                : m.source === 'email'
                  ? tr('portalApp:conversation.byEmail')
                  : tr('portalApp:conversation.portal')}
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
              {tr('portalApp:conversation.new')}
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
          {tr('portalApp:conversation.timeLogged', { duration: formatMinutes(m.timeSpentMinutes) })}
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
  const { t: tr } = useTranslation();
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
      const problem = parsed.error.issues.find((i) => i.path[0] === 'body');
      setLocal(problem ? schemaText(problem.message, problem) : tr('portalApp:reply.check'));
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
            {tr('portalApp:reply.title')}
          </Title>
          {t.status === 'waiting-on-client' ? (
            <Text size="sm">{tr('portalApp:reply.waiting')}</Text>
          ) : t.status === 'closed' ? (
            <Text size="sm">{tr('portalApp:reply.closed')}</Text>
          ) : t.status === 'resolved' ? (
            <Text size="sm">{tr('portalApp:reply.resolved')}</Text>
          ) : null}
          {reply.error && !fields.body && !attachmentError ? (
            <SubmitError
              title={tr('portalApp:reply.notSent')}
              error={reply.error}
              onRetry={() => formRef.current?.requestSubmit()}
              testId="reply-error"
            />
          ) : null}
          <MarkdownField
            label={tr('portalApp:reply.label')}
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
            label={tr('portalApp:new.attachments')}
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
              {tr('portalApp:reply.send')}
            </Button>
            {uploading ? (
              <UploadsWaiting />
            ) : sent ? (
              <Text size="sm" c="teal" role="status" data-testid="reply-sent">
                ✓ {tr('portalApp:reply.sent')}
              </Text>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
