import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  type TicketPriority,
  ticketCreateBody,
  ticketPriorities,
  ticketPriorityLabels,
} from '../../../shared/schemas/tickets.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { AttachmentDropzone, AttachmentsError, UploadsWaiting } from '../../ui/attachments/index.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { PageHeader, SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useCreateTicket, useTicketFormOptions } from './api/tickets.ts';
import { MarkdownEditor } from './markdown-editor.tsx';
import {
  initialNewTicket,
  type NewTicketValues,
  newTicketProblems,
  toCreateBody,
} from './new-ticket-form.ts';
import { AssigneeSelect, ClientPicker, ContactPicker } from './pickers.tsx';

export function NewTicketPage() {
  const navigate = useNavigate();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('tickets:manage');
  const [values, setValues] = useState<NewTicketValues>(initialNewTicket);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [uploading, setUploading] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const options = useTicketFormOptions(values.clientId);
  const create = useSubmitOnce(useCreateTicket());
  const serverErrors = create.error instanceof ApiError ? create.error.fields : {};
  const errors = { ...serverErrors, ...local };
  const set = (patch: Partial<NewTicketValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setLocal({});
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = newTicketProblems(values);
    setLocal(found);
    if (Object.keys(found).length > 0) {
      const first = Object.keys(found)[0];
      document
        .querySelector<HTMLElement>(`[data-field="${first}"] input, [data-field="${first}"] textarea`)
        ?.focus();
      return;
    }
    create.mutate(toCreateBody(values), {
      onSuccess: (ticket) => void navigate(`/staff/tickets/${ticket.id}`),
    });
  };

  if (me && !canManage) {
    return (
      <>
        <PageHeader title="New ticket" />
        <Alert color="gray" title="View only" data-testid="new-ticket-forbidden">
          Your role can read tickets but not raise them.
        </Alert>
      </>
    );
  }

  const categories = (options.data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name }));
  const priorities = options.data?.priorities ?? [];

  return (
    <>
      <Breadcrumbs separator="›" mb="xs">
        <Anchor component={Link} to="/staff/tickets" size="sm">
          Tickets
        </Anchor>
        <Text size="sm">New ticket</Text>
      </Breadcrumbs>
      <PageHeader title="New ticket">
        Raise a ticket for a client, for example after a phone call. The requester gets the usual emails.
      </PageHeader>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="New ticket">
        <Stack gap="lg" maw={820}>
          <Card withBorder padding="lg">
            <Stack gap="md">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <div data-field="clientId">
                  <ClientPicker
                    label="Client"
                    description="The company the ticket is for"
                    required
                    value={values.clientId}
                    onChange={(clientId) => set({ clientId, requesterContactId: null })}
                    error={errors.clientId}
                    disabled={create.isPending}
                    testId="new-ticket-client"
                  />
                </div>
                <ContactPicker
                  label="Requester"
                  description="Optional: the contact who asked"
                  clientId={values.clientId}
                  value={values.requesterContactId}
                  onChange={(requesterContactId) => set({ requesterContactId })}
                  error={errors.requesterContactId}
                  disabled={create.isPending}
                  testId="new-ticket-requester"
                />
              </SimpleGrid>
              <div data-field="subject">
                <LimitedTextInput
                  label="Subject"
                  description="One line that says what it is about"
                  required
                  maxLength={maxLengthOf(ticketCreateBody.shape.subject)}
                  value={values.subject}
                  onChange={(e) => set({ subject: e.currentTarget.value })}
                  error={errors.subject}
                  disabled={create.isPending}
                  data-testid="new-ticket-subject"
                />
              </div>
              <Radio.Group
                label="Priority"
                description={
                  values.clientId === null
                    ? 'With the response the default SLA policy promises (the client’s own once you choose it)'
                    : 'With the response the client’s SLA policy promises'
                }
                value={values.priority}
                onChange={(v) => set({ priority: v as TicketPriority })}
                error={errors.priority}
              >
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mt="xs">
                  {ticketPriorities.map((p) => {
                    const option = priorities.find((o) => o.value === p);
                    return (
                      <Radio
                        key={p}
                        value={p}
                        label={option?.label ?? ticketPriorityLabels[p]}
                        description={options.data ? (option?.expectation ?? 'No SLA target') : undefined}
                        disabled={create.isPending}
                        data-testid={`new-ticket-priority-${p}`}
                      />
                    );
                  })}
                </SimpleGrid>
              </Radio.Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <Select
                  label="Category"
                  description="Optional; may decide who gets it"
                  placeholder={options.isError ? 'Could not load categories' : 'No category'}
                  data={categories}
                  value={values.categoryId === null ? null : String(values.categoryId)}
                  onChange={(v) => set({ categoryId: v ? Number(v) : null })}
                  clearable
                  searchable
                  error={errors.categoryId}
                  disabled={create.isPending}
                  data-testid="new-ticket-category"
                />
                <AssigneeSelect
                  label="Assignee"
                  description="Optional; else the assignment rules decide"
                  placeholder="Decided by the rules"
                  value={values.assigneeAccountId}
                  onChange={(assigneeAccountId) => set({ assigneeAccountId })}
                  error={errors.assigneeAccountId}
                  disabled={create.isPending}
                  testId="new-ticket-assignee"
                />
              </SimpleGrid>
              <div data-field="description">
                <MarkdownEditor
                  label="Description"
                  description="What happened, what is affected, what has been tried. The client sees this."
                  required
                  value={values.description}
                  onChange={(description) => set({ description })}
                  error={errors.description}
                  disabled={create.isPending}
                  minRows={6}
                  maxLength={maxLengthOf(ticketCreateBody.shape.description)}
                  testId="new-ticket-description"
                />
              </div>
              <AttachmentDropzone
                value={values.attachments}
                onChange={(attachments) => set({ attachments })}
                maxBytes={options.data?.maxAttachmentBytes ?? 10 * 1024 * 1024}
                onBusyChange={setUploading}
                disabled={create.isPending}
                label="Attachments"
                pasteTarget={formRef}
              />
              <AttachmentsError error={errors.attachmentIds} />
            </Stack>
          </Card>
          {Object.keys(local).length > 0 ? (
            <Alert color="red" title="Check the form" role="alert">
              {Object.values(local).join('. ')}.
            </Alert>
          ) : null}
          {create.isError ? (
            <SubmitError
              title="The ticket was not created"
              error={create.error}
              onRetry={() => formRef.current?.requestSubmit()}
              testId="new-ticket-error"
            />
          ) : null}
          <Group>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={uploading}
              data-testid="new-ticket-submit"
            >
              Create ticket
            </Button>
            <Button variant="default" component={Link} to="/staff/tickets">
              Cancel
            </Button>
            {uploading ? <UploadsWaiting /> : null}
          </Group>
        </Stack>
      </form>
    </>
  );
}
