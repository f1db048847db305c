import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  Radio,
  Select,
  Stack,
  TagsInput,
  Text,
} from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  type TicketOptions,
  type TicketPriority,
  ticketCreateBody,
  ticketPriorities,
} from '../../../shared/schemas/tickets.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import {
  AttachmentDropzone,
  AttachmentsError,
  type UploadResponse,
  UploadsWaiting,
} from '../../ui/attachments/index.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { schemaText } from '../../ui/i18n/server-text.ts';
import { renderDataOption } from '../../ui/language-option.tsx';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { expectationWords } from '../../ui/sla/target-words.ts';
import { PageHeader, PageLoader, SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { type TicketAccess, useCreateTicket, useTicketAccess, useTicketOptions } from './api.ts';
import { priorityWords } from './format.ts';
import { MarkdownField } from './markdown-field.tsx';
import { useArticleSuggestions } from './suggestions.ts';
import { TicketsUnavailable } from './ticket-bits.tsx';

/** Used for the upload limit when the options could not be read (the server checks the real one). */
const FALLBACK_MAX_BYTES = 10 * 1024 * 1024;
const SUBJECT_MAX = maxLengthOf(ticketCreateBody.shape.subject);
const DESCRIPTION_MAX = maxLengthOf(ticketCreateBody.shape.description);

export function NewTicketPage() {
  const { t } = useTranslation();
  const access = useTicketAccess();
  const allowed = Boolean(access?.enabled && access.create);
  const options = useTicketOptions(allowed);
  if (!access) return null;
  if (!allowed) {
    return (
      <>
        <PageHeader title={t('portalApp:tickets.new')} />
        <TicketsUnavailable access={access} need="create" />
      </>
    );
  }
  if (options.isPending) return <PageLoader label={t('portalApp:new.loading')} />;
  return (
    <NewTicketForm
      access={access}
      options={options.isError ? null : options.data}
      optionsError={options.isError ? options.error : null}
      onRetryOptions={() => void options.refetch()}
    />
  );
}

type Errors = Partial<
  Record<
    'subject' | 'description' | 'priority' | 'categoryId' | 'siteId' | 'affected' | 'attachmentIds',
    string
  >
>;

/** Field errors keyed by the top-level field ("affected.2" → "affected"). */
function byField(fields: Record<string, string>): { errors: Errors; other: string[] } {
  const errors: Record<string, string> = {};
  const other: string[] = [];
  const known = new Set([
    'subject',
    'description',
    'priority',
    'categoryId',
    'siteId',
    'affected',
    'attachmentIds',
  ]);
  for (const [key, message] of Object.entries(fields)) {
    const top = key.split(/[.[]/)[0] ?? key;
    if (known.has(top)) errors[top] ??= message;
    else other.push(message);
  }
  return { errors, other };
}

function NewTicketForm({
  access,
  options,
  optionsError,
  onRetryOptions,
}: {
  access: TicketAccess;
  options: TicketOptions | null;
  optionsError: unknown;
  onRetryOptions: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useSubmitOnce(useCreateTicket());
  const formRef = useRef<HTMLFormElement>(null);
  const [subject, setSubject] = useState('');
  const [priority, setPriority] = useState<TicketPriority>('medium');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [siteId, setSiteId] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [affected, setAffected] = useState<string[]>([]);
  const [uploads, setUploads] = useState<UploadResponse[]>([]);
  const [uploading, setUploading] = useState(false);
  const [local, setLocal] = useState<Errors>({});
  const [attempt, setAttempt] = useState(0);
  const suggestions = useArticleSuggestions(subject);
  const sites = options?.sites ?? [];

  const server = create.error instanceof ApiError ? byField(create.error.fields) : { errors: {}, other: [] };
  const errors: Errors = { ...server.errors, ...local };

  // After a refused submit, take the keyboard to the first field that needs attention.
  useEffect(() => {
    if (attempt === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }, [attempt]);

  const clear = (key: keyof Errors) => {
    if (local[key]) setLocal(({ [key]: _, ...rest }) => rest);
    if (create.error) create.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (uploading || create.isPending) return;
    const body = {
      subject,
      description,
      priority,
      categoryId: categoryId ? Number(categoryId) : null,
      // A company with one site: the ticket is at it; with several, the contact chooses (or none).
      siteId: sites.length === 1 ? (sites[0]?.id ?? null) : siteId ? Number(siteId) : null,
      affected,
      attachmentIds: uploads.map((u) => u.id),
    };
    const parsed = ticketCreateBody.safeParse(body);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues)
        fields[issue.path.join('.') || 'form'] ??= schemaText(issue.message, issue);
      setLocal(byField(fields).errors);
      setAttempt((n) => n + 1);
      return;
    }
    setLocal({});
    create.mutate(body, {
      onSuccess: (ticket) => void navigate(`/portal/tickets/${ticket.id}`),
      onError: () => setAttempt((n) => n + 1),
    });
  };

  const priorities = (
    options?.priorities ??
    ticketPriorities.map((value) => ({
      value,
      responseMinutes: null as number | null,
      resolutionMinutes: null as number | null,
      alwaysOpen: false,
    }))
  ).map((p) => ({
    value: p.value,
    label: priorityWords(p.value),
    expectation:
      p.responseMinutes !== null && p.resolutionMinutes !== null
        ? expectationWords(p.responseMinutes, p.resolutionMinutes, p.alwaysOpen, t)
        : null,
  }));
  const categories = options?.categories ?? [];

  return (
    <>
      <Anchor component={Link} to="/portal/tickets" size="sm">
        <span className="mirror-rtl" aria-hidden="true">
          ‹
        </span>{' '}
        {t('portalApp:ticket.allTickets')}
      </Anchor>
      <PageHeader title={t('portalApp:tickets.new')}>
        {access.viewOwn ? t('portalApp:new.introList') : t('portalApp:new.introEmail')}
      </PageHeader>
      <form
        ref={formRef}
        onSubmit={onSubmit}
        noValidate
        aria-label={t('portalApp:tickets.new')}
        data-testid="new-ticket-form"
      >
        <Stack gap="lg" maw={760}>
          {create.error ? (
            <SubmitError
              title={t('portalApp:new.notCreated')}
              error={create.error}
              onRetry={() => formRef.current?.requestSubmit()}
              testId="new-ticket-error"
            >
              {server.other.length > 0 ? (
                <List size="sm">
                  {server.other.map((m) => (
                    <List.Item key={m}>{m}</List.Item>
                  ))}
                </List>
              ) : null}
            </SubmitError>
          ) : null}
          {optionsError ? (
            <Alert color="yellow" title={t('portalApp:new.optionsFailed')}>
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  {errorMessage(optionsError)} {t('portalApp:new.optionsFailedBody')}
                </Text>
                <Button size="xs" variant="default" onClick={onRetryOptions}>
                  {t('ui:state.retry')}
                </Button>
              </Stack>
            </Alert>
          ) : null}

          <Stack gap={6}>
            <LimitedTextInput
              label={t('portalApp:list.subject')}
              description={t('portalApp:new.subjectHint')}
              required
              maxLength={SUBJECT_MAX}
              value={subject}
              onChange={(e) => {
                setSubject(e.currentTarget.value);
                clear('subject');
              }}
              error={errors.subject}
              autoComplete="off"
              data-testid="ticket-subject"
            />
            {suggestions.items.length > 0 ? (
              <Card
                withBorder
                padding="sm"
                component="aside"
                aria-label={t('portalApp:new.articles')}
                data-testid="kb-suggestions"
              >
                <Text size="sm" fw={600}>
                  {t('portalApp:new.articlesTitle')}
                </Text>
                <List size="sm" mt={4} spacing={2}>
                  {suggestions.items.map((a) => (
                    <List.Item key={a.id}>
                      <Anchor href={a.url} target="_blank" rel="noopener">
                        {a.title}
                      </Anchor>
                      {a.excerpt ? (
                        <Text size="xs" c="dimmed">
                          {a.excerpt}
                        </Text>
                      ) : null}
                    </List.Item>
                  ))}
                </List>
              </Card>
            ) : null}
          </Stack>

          <Radio.Group
            label={t('portalApp:list.priority')}
            description={t('portalApp:new.priorityHint')}
            value={priority}
            onChange={(v) => {
              setPriority(v as TicketPriority);
              clear('priority');
            }}
            error={errors.priority}
            data-testid="ticket-priority"
          >
            <Stack gap="xs" mt="xs">
              {priorities.map((p) => (
                <Radio
                  key={p.value}
                  value={p.value}
                  label={p.label}
                  description={p.expectation ?? undefined}
                  data-testid={`priority-${p.value}`}
                />
              ))}
            </Stack>
          </Radio.Group>

          {categories.length > 0 ? (
            <Select
              label={t('portalApp:new.category')}
              description={t('portalApp:new.categoryHint')}
              placeholder={t('portalApp:new.noCategory')}
              data={categories.map((c) => ({ value: String(c.id), label: c.name }))}
              renderOption={renderDataOption}
              value={categoryId}
              onChange={(v) => {
                setCategoryId(v);
                clear('categoryId');
              }}
              clearable
              searchable={categories.length > 8}
              error={errors.categoryId}
              maw={420}
              data-testid="ticket-category"
            />
          ) : null}

          {sites.length > 1 ? (
            <Select
              label={t('portalApp:new.site')}
              description={t('portalApp:new.siteHint')}
              placeholder={t('portalApp:new.noSite')}
              data={sites.map((s) => ({ value: String(s.id), label: s.label }))}
              renderOption={renderDataOption}
              value={siteId}
              onChange={(v) => {
                setSiteId(v);
                clear('siteId');
              }}
              clearable
              searchable={sites.length > 8}
              error={errors.siteId}
              maw={420}
              data-testid="ticket-site"
            />
          ) : null}

          <MarkdownField
            label={t('portalApp:new.description')}
            required
            value={description}
            onChange={(v) => {
              setDescription(v);
              clear('description');
            }}
            error={errors.description}
            placeholder={t('portalApp:new.descriptionHint')}
            minRows={8}
            maxLength={DESCRIPTION_MAX}
            testId="ticket-description"
          />

          <TagsInput
            label={t('portalApp:new.affected')}
            description={t('portalApp:new.affectedHint')}
            value={affected}
            onChange={(v) => {
              setAffected(v);
              clear('affected');
            }}
            maxTags={20}
            clearable
            error={errors.affected}
            data-testid="ticket-affected"
          />

          <Stack gap={4}>
            <AttachmentDropzone
              label={t('portalApp:new.attachments')}
              value={uploads}
              onChange={(next) => {
                setUploads(next);
                clear('attachmentIds');
              }}
              maxBytes={options?.maxAttachmentBytes ?? FALLBACK_MAX_BYTES}
              onBusyChange={setUploading}
              disabled={create.isPending}
              pasteTarget={formRef}
            />
            <AttachmentsError error={errors.attachmentIds} />
          </Stack>

          <Group gap="sm">
            <Button type="submit" loading={create.isPending} disabled={uploading} data-testid="ticket-submit">
              {t('portalApp:new.submit')}
            </Button>
            <Button component={Link} to="/portal/tickets" variant="default">
              {t('ui:common.cancel')}
            </Button>
            {uploading ? <UploadsWaiting /> : null}
          </Group>
        </Stack>
      </form>
    </>
  );
}
