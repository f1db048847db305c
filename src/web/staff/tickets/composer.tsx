import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import {
  type AttachmentResponse,
  type TicketDetail,
  type TicketStatus,
  ticketMessageBody,
  ticketStatuses,
} from '../../../shared/schemas/tickets.ts';
import { ApiError } from '../../api/client.ts';
import { AttachmentDropzone } from '../../ui/attachments/index.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { isolate } from '../isolate.ts';
import { usePostMessage, useTicketFormOptions } from './api/tickets.ts';
import { CannedPicker } from './canned-picker.tsx';
import { type ComposerMode, clearDraft, loadDraft, saveDraft } from './draft.ts';
import { GlobeIcon, LockIcon } from './icons.tsx';
import { MarkdownEditor } from './markdown-editor.tsx';
import { insertAtCursor, isSendShortcut, minutesProblem } from './markdown-text.ts';

const KEEP = 'keep';
const MESSAGE_MAX = maxLengthOf(ticketMessageBody.shape.body);

/**
 * The reply box: a public reply or an internal note (said plainly: who will see it), Markdown with
 * preview, canned responses, attachments, time spent and "reply and set status". Ctrl+Enter sends.
 * Its state is its own: refetches of the ticket never reset it, and a draft survives a reload.
 */
export function Composer({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const canInternal = ticket.can.manage;
  const initial = useRef(loadDraft(ticket.id));
  const [mode, setMode] = useState<ComposerMode>(
    canInternal && initial.current?.mode === 'internal' ? 'internal' : 'public',
  );
  const [body, setBody] = useState(initial.current?.body ?? '');
  const [attachments, setAttachments] = useState<AttachmentResponse[]>([]);
  const [uploading, setUploading] = useState(false);
  const [minutes, setMinutes] = useState<number | string>('');
  const [nextStatus, setNextStatus] = useState<string>(KEEP);
  const [localError, setLocalError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const post = useSubmitOnce(usePostMessage(ticket.id));
  const options = useTicketFormOptions(ticket.clientId);
  const fields = post.error instanceof ApiError ? post.error.fields : {};

  useEffect(() => {
    saveDraft(ticket.id, { body, mode });
  }, [ticket.id, body, mode]);

  if (!ticket.can.reply && !canInternal) {
    return (
      <Alert
        color="gray"
        title={t('staffApp:tickets.composer.readOnlyTitle')}
        data-testid="composer-readonly"
      >
        {ticket.status === 'closed'
          ? t('staffApp:tickets.composer.closed')
          : t('staffApp:tickets.composer.readOnly')}
      </Alert>
    );
  }
  // Someone who may only add notes (a closed ticket, say) writes notes.
  const effectiveMode: ComposerMode = ticket.can.reply ? mode : 'internal';
  const internal = effectiveMode === 'internal';
  const minutesError = minutesProblem(minutes);
  const statusLabel = nextStatus === KEEP ? null : t(ticketStatusKeys[nextStatus as TicketStatus]);
  const sendLabel = internal
    ? statusLabel
      ? t('staffApp:tickets.composer.send.noteAndStatus', { status: statusLabel })
      : t('staffApp:tickets.composer.send.note')
    : statusLabel
      ? t('staffApp:tickets.composer.send.replyAndStatus', { status: statusLabel })
      : t('staffApp:tickets.composer.send.reply');

  const send = () => {
    if (post.isPending || uploading) return;
    setSent(null);
    if (!body.trim()) {
      setLocalError(
        internal ? t('staffApp:tickets.composer.noteMissing') : t('staffApp:tickets.composer.replyMissing'),
      );
      textarea.current?.focus();
      return;
    }
    if (minutesError) return;
    setLocalError(null);
    post.mutate(
      {
        body,
        internal,
        attachmentIds: attachments.map((a) => a.id),
        timeSpentMinutes: typeof minutes === 'number' ? minutes : 0,
        ...(nextStatus === KEEP ? {} : { status: nextStatus as TicketStatus }),
      },
      {
        onSuccess: () => {
          setBody('');
          setAttachments([]);
          setMinutes('');
          setNextStatus(KEEP);
          clearDraft(ticket.id);
          setSent(
            internal ? t('staffApp:tickets.composer.noteAdded') : t('staffApp:tickets.composer.replySent'),
          );
          textarea.current?.focus();
        },
      },
    );
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (isSendShortcut(event)) {
      event.preventDefault();
      send();
    }
  };
  const insertCanned = (snippet: string) => {
    const el = textarea.current;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    const edit = insertAtCursor(body, start, end, snippet);
    setBody(edit.text);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(edit.cursor, edit.cursor);
    });
  };

  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="composer-heading"
      data-testid="composer"
      data-mode={effectiveMode}
      bg={internal ? 'var(--portico-note-bg)' : undefined}
      style={internal ? { borderColor: 'var(--portico-note-border)', borderStyle: 'dashed' } : undefined}
    >
      <form
        ref={form}
        onSubmit={onSubmit}
        onKeyDown={onKeyDown}
        noValidate
        aria-labelledby="composer-heading"
      >
        <Stack gap="sm">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Title order={2} size="h4" id="composer-heading">
              {internal
                ? t('staffApp:tickets.composer.titleNote')
                : t('staffApp:tickets.composer.titleReply')}
            </Title>
            {canInternal && ticket.can.reply ? (
              <SegmentedControl
                value={effectiveMode}
                onChange={(v) => setMode(v as ComposerMode)}
                data={[
                  { value: 'public', label: t('staffApp:tickets.composer.mode.public') },
                  { value: 'internal', label: t('staffApp:tickets.composer.mode.internal') },
                ]}
                aria-label={t('staffApp:tickets.composer.mode.label')}
                color={internal ? 'yellow' : undefined}
                data-testid="composer-mode"
              />
            ) : null}
          </Group>
          <Group gap={6} wrap="nowrap" data-testid="composer-audience" aria-live="polite">
            {internal ? <LockIcon /> : <GlobeIcon />}
            <Text size="sm" fw={600}>
              {internal
                ? t('staffApp:tickets.composer.audience.internal')
                : ticket.requesterName
                  ? t('staffApp:tickets.composer.audience.public', { name: isolate(ticket.requesterName) })
                  : t('staffApp:tickets.composer.audience.publicNoRequester')}
            </Text>
          </Group>
          <MarkdownEditor
            label={
              internal ? t('staffApp:tickets.composer.noteLabel') : t('staffApp:tickets.composer.replyLabel')
            }
            value={body}
            onChange={(v) => {
              setBody(v);
              setLocalError(null);
              setSent(null);
            }}
            textareaRef={textarea}
            error={localError ?? fields.body}
            placeholder={
              internal
                ? t('staffApp:tickets.composer.notePlaceholder')
                : t('staffApp:tickets.composer.replyPlaceholder')
            }
            disabled={post.isPending}
            minRows={4}
            maxLength={MESSAGE_MAX}
            testId="composer-body"
            toolbar={canInternal ? <CannedPicker onInsert={insertCanned} disabled={post.isPending} /> : null}
          />
          <AttachmentDropzone
            value={attachments}
            onChange={setAttachments}
            maxBytes={options.data?.maxAttachmentBytes ?? 10 * 1024 * 1024}
            onBusyChange={setUploading}
            disabled={post.isPending}
            label={
              internal
                ? t('staffApp:tickets.composer.attachmentsInternal')
                : t('staffApp:tickets.composer.attachmentsPublic')
            }
            pasteTarget={form}
          />
          {fields.attachmentIds ? (
            <Text size="sm" c="red" role="alert">
              {fields.attachmentIds}
            </Text>
          ) : null}
          {canInternal ? (
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <NumberInput
                label={t('staffApp:tickets.composer.minutes.label')}
                description={t('staffApp:tickets.composer.minutes.description')}
                min={0}
                max={24 * 60}
                step={5}
                allowDecimal={false}
                allowNegative={false}
                value={minutes}
                onChange={setMinutes}
                error={minutesError ? t(minutesError) : fields.timeSpentMinutes}
                disabled={post.isPending}
                data-testid="composer-minutes"
              />
              <Select
                label={t('staffApp:tickets.composer.status.label')}
                description={t('staffApp:tickets.composer.status.now', {
                  status: t(ticketStatusKeys[ticket.status]),
                })}
                data={[
                  { value: KEEP, label: t('staffApp:tickets.composer.status.keep') },
                  ...ticketStatuses
                    .filter((s) => s !== ticket.status)
                    .map((s) => ({ value: s, label: t(ticketStatusKeys[s]) })),
                ]}
                value={nextStatus}
                onChange={(v) => setNextStatus(v ?? KEEP)}
                allowDeselect={false}
                error={fields.status}
                disabled={post.isPending}
                data-testid="composer-status"
              />
            </SimpleGrid>
          ) : null}
          {post.isError && !fields.body ? (
            <SubmitError
              title={
                internal
                  ? t('staffApp:tickets.composer.noteFailed')
                  : t('staffApp:tickets.composer.replyFailed')
              }
              error={post.error}
              onRetry={send}
              testId="composer-error"
            />
          ) : null}
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="xs" c="dimmed">
              {t('staffApp:tickets.composer.hint')}
            </Text>
            <Group gap="sm">
              <div aria-live="polite">
                {sent ? (
                  <Text size="sm" c="teal" data-testid="composer-sent">
                    {sent}
                  </Text>
                ) : uploading ? (
                  <Text size="sm" c="dimmed">
                    {t('staffApp:tickets.composer.uploading')}
                  </Text>
                ) : null}
              </div>
              <Button
                type="submit"
                loading={post.isPending}
                disabled={uploading}
                color={internal ? 'yellow' : undefined}
                leftSection={internal ? <LockIcon size={14} /> : null}
                data-testid="composer-send"
              >
                {sendLabel}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
