import '../../ui/markdown.css';
import { Alert, Anchor, Badge, Box, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketDetail, TicketMessage } from '../../../shared/schemas/tickets.ts';
import { AttachmentList } from '../../ui/attachments/index.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { isolate } from '../isolate.ts';
import { useTicketMessages } from './api/tickets.ts';
import { EventIcon, GlobeIcon, LockIcon } from './icons.tsx';

const raisedKeys = {
  portal: 'staffApp:tickets.conversation.raised.portal',
  staff: 'staffApp:tickets.conversation.raised.staff',
  email: 'staffApp:tickets.conversation.raised.email',
} as const satisfies Record<TicketDetail['source'], `staffApp:${string}`>;

const raisedForKeys = {
  portal: 'staffApp:tickets.conversation.raisedFor.portal',
  staff: 'staffApp:tickets.conversation.raisedFor.staff',
  email: 'staffApp:tickets.conversation.raisedFor.email',
} as const satisfies Record<TicketDetail['source'], `staffApp:${string}`>;

function When({ iso }: { iso: string }) {
  const format = useFormat();
  return <time dateTime={iso}>{format.dateTime(iso)}</time>;
}

function Html({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the server renders and sanitises Markdown (bodyHtml/descriptionHtml)
  return <div className="markdown" dir="auto" dangerouslySetInnerHTML={{ __html: html }} />;
}

/**
 * On what came by an email whose sender was not authenticated (accepted with a warning by the settings,
 * or added by a reviewer): it may not be from the person it names. Staff who review email get a link.
 */
function UnauthenticatedEmailWarning({ inboundId, canReview }: { inboundId: number; canReview: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" p="xs" mb="xs" data-testid="unauthenticated-email-warning">
      <Text size="sm">
        <Text span fw={600} size="sm">
          {t('staffApp:tickets.conversation.unauthenticated.title')}
        </Text>{' '}
        {t('staffApp:tickets.conversation.unauthenticated.text')}{' '}
        {canReview ? (
          <Anchor component={Link} to={`/staff/inbound/${inboundId}`} size="sm">
            {t('staffApp:tickets.conversation.unauthenticated.link')}
          </Anchor>
        ) : null}
      </Text>
    </Alert>
  );
}

/** The description first, then every message oldest first: replies, internal notes and events. */
export function Conversation({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const messages = useTicketMessages(ticket.id);
  const announcement = useNewMessageAnnouncement(messages.data);

  return (
    <Stack gap="sm" component="section" aria-labelledby="conversation-heading">
      <Title order={2} size="h3" id="conversation-heading">
        {t('staffApp:tickets.conversation.title')}
      </Title>
      <Card withBorder padding="md" data-testid="ticket-description">
        <Group justify="space-between" gap="xs" mb="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {t('staffApp:tickets.conversation.description')}
            <Text span size="sm" c="dimmed" fw={400}>
              {' · '}
              {ticket.requesterName
                ? t(raisedForKeys[ticket.source], { name: isolate(ticket.requesterName) })
                : t(raisedKeys[ticket.source])}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            <When iso={ticket.createdAt} />
          </Text>
        </Group>
        {ticket.unauthenticatedEmailId !== null ? (
          <UnauthenticatedEmailWarning
            inboundId={ticket.unauthenticatedEmailId}
            canReview={ticket.can.manage}
          />
        ) : null}
        <Html html={ticket.descriptionHtml} />
        {ticket.attachments.length > 0 ? (
          <Box mt="sm">
            <AttachmentList attachments={ticket.attachments} />
          </Box>
        ) : null}
      </Card>

      {messages.isPending ? (
        <PageLoader label={t('staffApp:tickets.conversation.loading')} />
      ) : !messages.data ? (
        <ErrorState
          title={t('staffApp:tickets.conversation.loadError')}
          error={messages.error}
          onRetry={() => void messages.refetch()}
        />
      ) : messages.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-messages">
          {t('staffApp:tickets.conversation.empty')}
        </Text>
      ) : (
        <Stack
          component="ol"
          gap="sm"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('staffApp:tickets.conversation.messages')}
          data-testid="messages"
        >
          {messages.data.map((m) => (
            <li key={m.id}>
              <MessageItem message={m} canReview={ticket.can.manage} />
            </li>
          ))}
        </Stack>
      )}
      <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>
    </Stack>
  );
}

/** Says "New reply from Ann" to screen readers when a live update brings a message in. */
function useNewMessageAnnouncement(messages: TicketMessage[] | undefined): string {
  const { t } = useTranslation();
  const seen = useRef<number | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    if (!messages) return;
    const lastId = messages.at(-1)?.id ?? 0;
    if (seen.current !== null && lastId > seen.current) {
      const fresh = messages.filter((m) => m.id > (seen.current ?? 0) && m.authorKind !== 'system');
      const last = fresh.at(-1);
      if (last) {
        const name = isolate(last.authorName);
        setText(
          last.internal
            ? t('staffApp:tickets.conversation.newNote', { name })
            : t('staffApp:tickets.conversation.newReply', { name }),
        );
      }
    }
    seen.current = lastId;
  }, [messages, t]);
  return text;
}

function MessageItem({ message, canReview }: { message: TicketMessage; canReview: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (message.authorKind === 'system') return <SystemEvent message={message} />;
  const internal = message.internal;
  return (
    <Card
      withBorder
      padding="md"
      data-testid={internal ? 'message-internal' : 'message-public'}
      data-message-id={message.id}
      bg={internal ? 'var(--portico-note-bg)' : undefined}
      style={
        internal
          ? {
              borderColor: 'var(--portico-note-border)',
              borderStyle: 'dashed',
              borderInlineStartWidth: 4,
              borderInlineStartStyle: 'solid',
            }
          : message.authorKind === 'staff'
            ? { borderInlineStart: '4px solid var(--mantine-primary-color-filled)' }
            : undefined
      }
    >
      <Group justify="space-between" gap="xs" mb="xs" wrap="wrap" align="flex-start">
        <Stack gap={2}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600} dir="auto">
              {message.authorName}
            </Text>
            <Text size="xs" c="dimmed">
              {message.authorKind === 'staff'
                ? message.source === 'email'
                  ? t('staffApp:tickets.conversation.author.staffByEmail')
                  : t('staffApp:tickets.conversation.author.staff')
                : message.source === 'email'
                  ? t('staffApp:tickets.conversation.author.contactByEmail')
                  : t('staffApp:tickets.conversation.author.contact')}
            </Text>
          </Group>
          {internal ? (
            <Badge
              color="yellow"
              variant="filled"
              c="dark"
              leftSection={<LockIcon size={12} />}
              styles={{ label: { textTransform: 'none' } }}
              data-testid="internal-label"
            >
              {t('staffApp:tickets.conversation.internalLabel')}
            </Badge>
          ) : message.authorKind === 'staff' ? (
            <Group gap={4} c="dimmed">
              <GlobeIcon size={12} />
              <Text size="xs">{t('staffApp:tickets.conversation.publicLabel')}</Text>
            </Group>
          ) : null}
        </Stack>
        <Text size="xs" c="dimmed">
          <When iso={message.createdAt} />
        </Text>
      </Group>
      {message.unauthenticatedEmailId !== null ? (
        <UnauthenticatedEmailWarning inboundId={message.unauthenticatedEmailId} canReview={canReview} />
      ) : null}
      <Html html={message.bodyHtml} />
      {message.attachments.length > 0 ? (
        <Box mt="sm">
          <AttachmentList attachments={message.attachments} />
        </Box>
      ) : null}
      {message.timeSpentMinutes > 0 ? (
        <Text size="xs" c="dimmed" mt="xs">
          {t('staffApp:tickets.conversation.logged', {
            duration: format.duration(message.timeSpentMinutes * 60_000),
          })}
        </Text>
      ) : null}
    </Card>
  );
}

/** Status changes, assignments, merges: one quiet line, not a message bubble. */
function SystemEvent({ message }: { message: TicketMessage }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" px="sm" py={4} c="dimmed" data-testid="message-event">
      <Box mt={3} style={{ flexShrink: 0 }}>
        <EventIcon />
      </Box>
      <Box style={{ flex: 1, minWidth: 0 }} fz="sm">
        {message.internal ? (
          <Text size="xs" fw={600} c="dimmed">
            {t('staffApp:tickets.conversation.staffOnly')}
          </Text>
        ) : null}
        <Html html={message.bodyHtml} />
      </Box>
      <Text size="xs" style={{ flexShrink: 0 }}>
        <When iso={message.createdAt} />
      </Text>
    </Group>
  );
}
