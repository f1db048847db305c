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
import { Link, useNavigate } from 'react-router';
import {
  type TicketOptions,
  type TicketPriority,
  ticketCreateBody,
  ticketPriorities,
  ticketPriorityLabels,
} from '../../../shared/schemas/tickets.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import {
  AttachmentDropzone,
  AttachmentsError,
  type UploadResponse,
  UploadsWaiting,
} from '../../ui/attachments/index.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { PageHeader, PageLoader, SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { type TicketAccess, useCreateTicket, useTicketAccess, useTicketOptions } from './api.ts';
import { MarkdownField } from './markdown-field.tsx';
import { useArticleSuggestions } from './suggestions.ts';
import { TicketsUnavailable } from './ticket-bits.tsx';

/** Used for the upload limit when the options could not be read (the server checks the real one). */
const FALLBACK_MAX_BYTES = 10 * 1024 * 1024;
const SUBJECT_MAX = maxLengthOf(ticketCreateBody.shape.subject);
const DESCRIPTION_MAX = maxLengthOf(ticketCreateBody.shape.description);

export function NewTicketPage() {
  const access = useTicketAccess();
  const allowed = Boolean(access?.enabled && access.create);
  const options = useTicketOptions(allowed);
  if (!access) return null;
  if (!allowed) {
    return (
      <>
        <PageHeader title="New ticket" />
        <TicketsUnavailable access={access} need="create" />
      </>
    );
  }
  if (options.isPending) return <PageLoader label="Loading the form" />;
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
  Record<'subject' | 'description' | 'priority' | 'categoryId' | 'affected' | 'attachmentIds', string>
>;

/** Field errors keyed by the top-level field ("affected.2" → "affected"). */
function byField(fields: Record<string, string>): { errors: Errors; other: string[] } {
  const errors: Record<string, string> = {};
  const other: string[] = [];
  const known = new Set(['subject', 'description', 'priority', 'categoryId', 'affected', 'attachmentIds']);
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
  const navigate = useNavigate();
  const create = useSubmitOnce(useCreateTicket());
  const formRef = useRef<HTMLFormElement>(null);
  const [subject, setSubject] = useState('');
  const [priority, setPriority] = useState<TicketPriority>('medium');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [affected, setAffected] = useState<string[]>([]);
  const [uploads, setUploads] = useState<UploadResponse[]>([]);
  const [uploading, setUploading] = useState(false);
  const [local, setLocal] = useState<Errors>({});
  const [attempt, setAttempt] = useState(0);
  const suggestions = useArticleSuggestions(subject);

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
      affected,
      attachmentIds: uploads.map((u) => u.id),
    };
    const parsed = ticketCreateBody.safeParse(body);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[issue.path.join('.') || 'form'] ??= issue.message;
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

  const priorities =
    options?.priorities ??
    ticketPriorities.map((value) => ({ value, label: ticketPriorityLabels[value], expectation: null }));
  const categories = options?.categories ?? [];

  return (
    <>
      <Anchor component={Link} to="/portal/tickets" size="sm">
        ‹ All tickets
      </Anchor>
      <PageHeader title="New ticket">
        Tell us what is wrong or what you need. Your ticket goes straight to the support team, and you can
        follow it {access.viewOwn ? 'on the Tickets page' : 'by email'}.
      </PageHeader>
      <form
        ref={formRef}
        onSubmit={onSubmit}
        noValidate
        aria-label="New ticket"
        data-testid="new-ticket-form"
      >
        <Stack gap="lg" maw={760}>
          {create.error ? (
            <SubmitError
              title="The ticket was not created"
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
            <Alert color="yellow" title="Some details could not be loaded">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  {errorMessage(optionsError)} You can still raise the ticket; categories and response times
                  are missing.
                </Text>
                <Button size="xs" variant="default" onClick={onRetryOptions}>
                  Try again
                </Button>
              </Stack>
            </Alert>
          ) : null}

          <Stack gap={6}>
            <LimitedTextInput
              label="Subject"
              description="A short summary, for example “Printer on the 2nd floor is offline”."
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
                aria-label="Articles that may help"
                data-testid="kb-suggestions"
              >
                <Text size="sm" fw={600}>
                  These articles may answer your question
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
            label="Priority"
            description="How urgent is it? The expected response time is shown with each."
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
              label="Category"
              description="Choose the closest match (optional)."
              placeholder="No category"
              data={categories.map((c) => ({ value: String(c.id), label: c.name }))}
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

          <MarkdownField
            label="Description"
            required
            value={description}
            onChange={(v) => {
              setDescription(v);
              clear('description');
            }}
            error={errors.description}
            placeholder="What happened, what you expected, and anything you have tried already."
            minRows={8}
            maxLength={DESCRIPTION_MAX}
            testId="ticket-description"
          />

          <TagsInput
            label="Affected assets or people (optional)"
            description="Computers, systems or colleagues this is about. Press Enter after each."
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
              label="Attachments (optional)"
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
              Submit ticket
            </Button>
            <Button component={Link} to="/portal/tickets" variant="default">
              Cancel
            </Button>
            {uploading ? <UploadsWaiting /> : null}
          </Group>
        </Stack>
      </form>
    </>
  );
}
