import '../../ui/markdown.css';
import { Box, Button, Card, Group, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderMarkdown } from '../../../shared/markdown.ts';
import {
  CANNED_RESPONSE_BODY_MAX,
  type CannedResponseItem,
  cannedResponseBody,
} from '../../../shared/schemas/support-config.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { LimitedTextarea, LimitedTextInput } from '../../ui/limited-field.tsx';
import { useCannedResponses, useCreateCanned, useDeleteCanned, useUpdateCanned } from './api.ts';
import { DeleteButton, EditButton, EmptyState, fieldErrorsOf, ListRow, PlainList } from './parts.tsx';
import { EditDialog, type Editing, QueryStates, useEditing, useSave } from './resource-tab.tsx';

export function CannedTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useCannedResponses(q);
  const { editing, openNew, openEdit, close } = useEditing<CannedResponseItem>();
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('staffAdmin:canned.intro')}
      </Text>
      <Card withBorder padding="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={t('staffAdmin:canned.search')}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
            data-testid="canned-search"
          />
          {canEdit ? (
            <Button onClick={openNew} data-testid="canned-new">
              {t('staffAdmin:canned.new')}
            </Button>
          ) : null}
        </Group>
      </Card>
      <QueryStates
        query={list}
        loadingLabel={t('staffAdmin:canned.loading')}
        errorTitle={t('staffAdmin:canned.loadError')}
        empty={
          <EmptyState
            title={q ? t('staffAdmin:canned.noMatch', { query: q }) : t('staffAdmin:canned.empty')}
            testId="canned-empty"
          >
            {q ? t('staffAdmin:canned.noMatchHelp') : t('staffAdmin:canned.emptyHelp')}
          </EmptyState>
        }
      >
        {(data) => (
          <Stack gap="xs">
            <Text size="sm" c="dimmed" aria-live="polite">
              {q
                ? t('staffAdmin:canned.countMatching', { count: data.items.length, query: q })
                : t('staffAdmin:canned.count', { count: data.items.length })}
            </Text>
            <PlainList as="ul" label={t('staffAdmin:support.tab.canned')} testId="canned-table">
              {data.items.map((item) => (
                <CannedRow
                  key={item.id}
                  item={item}
                  canEdit={canEdit}
                  updated={format.dateTime(item.updatedAt)}
                  onEdit={() => openEdit(item)}
                />
              ))}
            </PlainList>
          </Stack>
        )}
      </QueryStates>
      {editing ? <CannedEditor editing={editing} onClose={close} /> : null}
    </Stack>
  );
}

function CannedRow({
  item,
  canEdit,
  updated,
  onEdit,
}: {
  item: CannedResponseItem;
  canEdit: boolean;
  updated: string;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteCanned();
  const beginning = item.body.length > 90 ? `${item.body.slice(0, 90)}…` : item.body;
  return (
    <ListRow testId={`canned-row-${item.id}`}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }} dir="auto">
            {item.title}
          </Text>
          <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }} dir="auto">
            {beginning}
          </Text>
          <Text size="xs" c="dimmed">
            {t('staffAdmin:settings.lastChanged', { when: updated })}
          </Text>
        </Stack>
        {canEdit ? (
          <Group gap="xs" wrap="nowrap">
            <EditButton name={item.title} onEdit={onEdit} />
            <DeleteButton
              name={item.title}
              title={t('staffAdmin:canned.deleteTitle', { title: item.title })}
              message={t('staffAdmin:canned.deleteBody')}
              confirmLabel={t('staffAdmin:support.delete')}
              id={item.id}
              remove={remove}
              testId={`canned-delete-${item.id}`}
            />
          </Group>
        ) : null}
      </Group>
    </ListRow>
  );
}

function CannedEditor({ editing, onClose }: { editing: Editing<CannedResponseItem>; onClose: () => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(editing.kind === 'edit' ? editing.item.title : '');
  const [body, setBody] = useState(editing.kind === 'edit' ? editing.item.body : '');
  const [view, setView] = useState<string | null>('write');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const { mutation, save, clearError } = useSave(editing, useCreateCanned, useUpdateCanned, onClose);
  const errors = { ...fieldErrorsOf(mutation.error, 'title'), ...localErrors };
  const touched = () => {
    clearError();
    setLocalErrors({});
  };

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!title.trim()) problems.title = t('staffAdmin:canned.titleRequired');
    if (!body.trim()) problems.body = t('staffAdmin:canned.bodyRequired');
    if (body.trim().length > CANNED_RESPONSE_BODY_MAX)
      problems.body = t('staffAdmin:canned.bodyTooLong', { max: CANNED_RESPONSE_BODY_MAX });
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) {
      if (problems.body) setView('write');
      return;
    }
    save({ title, body }, { title, body });
  };

  return (
    <EditDialog
      title={
        editing.kind === 'edit'
          ? t('staffAdmin:canned.editTitle', { title: editing.item.title })
          : t('staffAdmin:canned.new')
      }
      size="xl"
      formLabel={t('staffAdmin:canned.formLabel')}
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle={t('staffAdmin:canned.notSaved')}
      shown={['title', 'body']}
      conflictShown
      submitLabel={editing.kind === 'edit' ? t('staffAdmin:support.save') : t('staffAdmin:canned.add')}
      submitTestId="canned-save"
    >
      <LimitedTextInput
        label={t('staffAdmin:canned.title')}
        description={t('staffAdmin:canned.titleHelp')}
        dir="auto"
        value={title}
        onChange={(e) => {
          setTitle(e.currentTarget.value);
          touched();
        }}
        error={errors.title}
        required
        maxLength={maxLengthOf(cannedResponseBody.shape.title)}
        data-autofocus
        data-testid="canned-title"
      />
      <Tabs value={view} onChange={setView}>
        <Tabs.List>
          <Tabs.Tab value="write">{t('staffAdmin:canned.write')}</Tabs.Tab>
          <Tabs.Tab value="preview" data-testid="canned-preview-tab">
            {t('staffAdmin:canned.preview')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="sm">
          <LimitedTextarea
            label={t('staffAdmin:canned.body')}
            description={t('staffAdmin:canned.bodyHelp')}
            dir="auto"
            maxLength={CANNED_RESPONSE_BODY_MAX}
            value={body}
            onChange={(e) => {
              setBody(e.currentTarget.value);
              touched();
            }}
            error={errors.body}
            autosize
            minRows={8}
            maxRows={20}
            required
            data-testid="canned-body"
          />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="sm">
          {body.trim() ? (
            <Box
              className="markdown"
              dir="auto"
              p="sm"
              bd="1px solid var(--mantine-color-default-border)"
              style={{ borderRadius: 'var(--mantine-radius-sm)' }}
              data-testid="canned-preview"
              // renderMarkdown escapes raw HTML and keeps only safe links.
              // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised Markdown
              dangerouslySetInnerHTML={{ __html: renderMarkdown(body) }}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('staffAdmin:canned.nothingToPreview')}
            </Text>
          )}
        </Tabs.Panel>
      </Tabs>
    </EditDialog>
  );
}
