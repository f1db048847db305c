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
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Message } from '../../../shared/i18n/i18n.ts';
import { ticketPriorityKeys } from '../../../shared/i18n/labels.ts';
import { type TicketPriority, ticketCreateBody, ticketPriorities } from '../../../shared/schemas/tickets.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { AttachmentDropzone, AttachmentsError, UploadsWaiting } from '../../ui/attachments/index.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { renderDataOption } from '../../ui/language-option.tsx';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { expectationWords } from '../../ui/sla/target-words.ts';
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
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('tickets:manage');
  const [values, setValues] = useState<NewTicketValues>(initialNewTicket);
  const [local, setLocal] = useState<Record<string, Message>>({});
  const [uploading, setUploading] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const options = useTicketFormOptions(values.clientId);
  const create = useSubmitOnce(useCreateTicket());
  const serverErrors = create.error instanceof ApiError ? create.error.fields : {};
  const localText = Object.fromEntries(
    Object.entries(local).map(([field, m]) => [field, t(m.key, m.params)]),
  );
  const errors: Record<string, string | undefined> = { ...serverErrors, ...localText };
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
        <PageHeader title={t('staffApp:tickets.new.title')} />
        <Alert color="gray" title={t('staffApp:tickets.new.viewOnly')} data-testid="new-ticket-forbidden">
          {t('staffApp:tickets.new.forbidden')}
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
          {t('staffApp:nav.tickets')}
        </Anchor>
        <Text size="sm">{t('staffApp:tickets.new.title')}</Text>
      </Breadcrumbs>
      <PageHeader title={t('staffApp:tickets.new.title')}>{t('staffApp:tickets.new.intro')}</PageHeader>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={t('staffApp:tickets.new.title')}>
        <Stack gap="lg" maw={820}>
          <Card withBorder padding="lg">
            <Stack gap="md">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <div data-field="clientId">
                  <ClientPicker
                    label={t('staffApp:tickets.new.client')}
                    description={t('staffApp:tickets.new.clientHint')}
                    required
                    value={values.clientId}
                    onChange={(clientId) => set({ clientId, requesterContactId: null, siteId: null })}
                    error={errors.clientId}
                    disabled={create.isPending}
                    testId="new-ticket-client"
                  />
                </div>
                <ContactPicker
                  label={t('staffApp:tickets.new.requester')}
                  description={t('staffApp:tickets.new.requesterHint')}
                  clientId={values.clientId}
                  value={values.requesterContactId}
                  onChange={(requesterContactId) => set({ requesterContactId })}
                  error={errors.requesterContactId}
                  disabled={create.isPending}
                  testId="new-ticket-requester"
                />
              </SimpleGrid>
              <div data-field="siteId">
                <Select
                  label={t('staffApp:tickets.site.label')}
                  description={t('staffApp:tickets.site.newHint')}
                  placeholder={
                    values.clientId === null
                      ? t('staffApp:tickets.site.chooseClientFirst')
                      : (options.data?.sites.length ?? 0) === 0
                        ? t('staffApp:tickets.site.noSites')
                        : t('staffApp:tickets.site.none')
                  }
                  data={(options.data?.sites ?? []).map((site) => ({
                    value: String(site.id),
                    label: site.label,
                  }))}
                  value={values.siteId === null ? null : String(values.siteId)}
                  onChange={(v) => set({ siteId: v ? Number(v) : null })}
                  clearable
                  error={errors.siteId}
                  disabled={
                    create.isPending || values.clientId === null || (options.data?.sites.length ?? 0) === 0
                  }
                  data-testid="new-ticket-site"
                />
              </div>
              <div data-field="subject">
                <LimitedTextInput
                  label={t('staffApp:tickets.form.subject')}
                  description={t('staffApp:tickets.new.subjectHint')}
                  dir="auto"
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
                label={t('staffApp:tickets.fields.priority')}
                description={
                  values.clientId === null
                    ? t('staffApp:tickets.new.priorityHintDefault')
                    : t('staffApp:tickets.new.priorityHintClient')
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
                        label={t(ticketPriorityKeys[p])}
                        description={
                          options.data
                            ? option && option.responseMinutes !== null && option.resolutionMinutes !== null
                              ? expectationWords(
                                  option.responseMinutes,
                                  option.resolutionMinutes,
                                  option.alwaysOpen,
                                  t,
                                )
                              : t('staffApp:tickets.new.noSlaTarget')
                            : undefined
                        }
                        disabled={create.isPending}
                        data-testid={`new-ticket-priority-${p}`}
                      />
                    );
                  })}
                </SimpleGrid>
              </Radio.Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <Select
                  label={t('staffApp:tickets.fields.category')}
                  description={t('staffApp:tickets.new.categoryHint')}
                  placeholder={
                    options.isError
                      ? t('staffApp:tickets.new.categoriesError')
                      : t('staffApp:tickets.fields.noCategory')
                  }
                  data={categories}
                  renderOption={renderDataOption}
                  value={values.categoryId === null ? null : String(values.categoryId)}
                  onChange={(v) => set({ categoryId: v ? Number(v) : null })}
                  clearable
                  searchable
                  error={errors.categoryId}
                  disabled={create.isPending}
                  data-testid="new-ticket-category"
                />
                <AssigneeSelect
                  label={t('staffApp:tickets.fields.assignee')}
                  description={t('staffApp:tickets.new.assigneeHint')}
                  placeholder={t('staffApp:tickets.new.assigneeRules')}
                  value={values.assigneeAccountId}
                  onChange={(assigneeAccountId) => set({ assigneeAccountId })}
                  error={errors.assigneeAccountId}
                  disabled={create.isPending}
                  testId="new-ticket-assignee"
                />
              </SimpleGrid>
              <div data-field="description">
                <MarkdownEditor
                  label={t('staffApp:tickets.conversation.description')}
                  description={t('staffApp:tickets.new.descriptionHint')}
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
                label={t('staffApp:tickets.new.attachments')}
                pasteTarget={formRef}
              />
              <AttachmentsError error={errors.attachmentIds} />
            </Stack>
          </Card>
          {Object.keys(local).length > 0 ? (
            <Alert color="red" title={t('staffApp:tickets.new.checkForm')} role="alert">
              {Object.values(localText).map((problem) => (
                <div key={problem}>{problem}</div>
              ))}
            </Alert>
          ) : null}
          {create.isError ? (
            <SubmitError
              title={t('staffApp:tickets.new.failed')}
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
              {t('staffApp:tickets.new.submit')}
            </Button>
            <Button variant="default" component={Link} to="/staff/tickets">
              {t('staffApp:actions.cancel')}
            </Button>
            {uploading ? <UploadsWaiting /> : null}
          </Group>
        </Stack>
      </form>
    </>
  );
}
