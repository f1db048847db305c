import '../../ui/markdown.css';
import { Box, Button, Card, Group, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { renderMarkdown } from '../../../shared/markdown.ts';
import {
  CANNED_RESPONSE_BODY_MAX,
  type CannedResponseItem,
  cannedResponseBody,
} from '../../../shared/schemas/support-config.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { formatInstant } from '../../ui/format-date.ts';
import { LimitedTextarea, LimitedTextInput } from '../../ui/limited-field.tsx';
import { useCannedResponses, useCreateCanned, useDeleteCanned, useUpdateCanned } from './api.ts';
import { DeleteButton, EditButton, EmptyState, fieldErrorsOf, ListRow, PlainList } from './parts.tsx';
import { EditDialog, type Editing, QueryStates, useEditing, useSave } from './resource-tab.tsx';

export function CannedTab({ canEdit }: { canEdit: boolean }) {
  const branding = useBrandingContext();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useCannedResponses(q);
  const { editing, openNew, openEdit, close } = useEditing<CannedResponseItem>();
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Replies your team can insert into a ticket and adjust before sending. Anyone who works on tickets may
        add and edit them. The text is Markdown.
      </Text>
      <Card withBorder padding="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Search titles and text"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
            data-testid="canned-search"
          />
          {canEdit ? (
            <Button onClick={openNew} data-testid="canned-new">
              New canned response
            </Button>
          ) : null}
        </Group>
      </Card>
      <QueryStates
        query={list}
        loadingLabel="Loading canned responses"
        errorTitle="Could not load the canned responses"
        empty={
          <EmptyState title={q ? `Nothing matches “${q}”.` : 'No canned responses yet'} testId="canned-empty">
            {q
              ? 'Try another word from the title or the text.'
              : 'Add replies you send often, such as “Please restart and try again”.'}
          </EmptyState>
        }
      >
        {(data) => (
          <Stack gap="xs">
            <Text size="sm" c="dimmed" aria-live="polite">
              {data.items.length === 1 ? '1 canned response' : `${data.items.length} canned responses`}
              {q ? ` matching “${q}”` : ''}, by title
            </Text>
            <PlainList as="ul" label="Canned responses" testId="canned-table">
              {data.items.map((item) => (
                <CannedRow
                  key={item.id}
                  item={item}
                  canEdit={canEdit}
                  updated={formatInstant(item.updatedAt, branding)}
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
  const remove = useDeleteCanned();
  const beginning = item.body.length > 90 ? `${item.body.slice(0, 90)}…` : item.body;
  return (
    <ListRow testId={`canned-row-${item.id}`}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {item.title}
          </Text>
          <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
            {beginning}
          </Text>
          <Text size="xs" c="dimmed">
            Last changed {updated}
          </Text>
        </Stack>
        {canEdit ? (
          <Group gap="xs" wrap="nowrap">
            <EditButton name={item.title} onEdit={onEdit} />
            <DeleteButton
              name={item.title}
              title={`Delete “${item.title}”?`}
              message="It is removed for everyone. Replies already sent are not affected."
              confirmLabel="Delete"
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
    if (!title.trim()) problems.title = 'Enter a title';
    if (!body.trim()) problems.body = 'Enter the text of the response';
    if (body.trim().length > CANNED_RESPONSE_BODY_MAX) problems.body = 'Use at most 20,000 characters';
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) {
      if (problems.body) setView('write');
      return;
    }
    save({ title, body }, { title, body });
  };

  return (
    <EditDialog
      title={editing.kind === 'edit' ? `Edit “${editing.item.title}”` : 'New canned response'}
      size="xl"
      formLabel="Canned response"
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle="The canned response was not saved"
      shown={['title', 'body']}
      conflictShown
      submitLabel={editing.kind === 'edit' ? 'Save' : 'Add canned response'}
      submitTestId="canned-save"
    >
      <LimitedTextInput
        label="Title"
        description="Short and findable, for example “Password reset steps”"
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
          <Tabs.Tab value="write">Write</Tabs.Tab>
          <Tabs.Tab value="preview" data-testid="canned-preview-tab">
            Preview
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="sm">
          <LimitedTextarea
            label="Text (Markdown)"
            description="**bold**, _italic_, lists with “- ”, links as [text](https://…)."
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
              Nothing to preview yet.
            </Text>
          )}
        </Tabs.Panel>
      </Tabs>
    </EditDialog>
  );
}
