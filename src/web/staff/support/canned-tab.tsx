import '../../ui/markdown.css';
import { Box, Button, Card, Group, Modal, Stack, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { renderMarkdown } from '../../../shared/markdown.ts';
import { CANNED_RESPONSE_BODY_MAX, type CannedResponseItem } from '../../../shared/schemas/support-config.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { formatInstant } from '../clients/format.ts';
import { useCannedResponses, useCreateCanned, useDeleteCanned, useUpdateCanned } from './api.ts';
import { EmptyState, FormButtons, fieldErrorsOf, SaveError } from './parts.tsx';

type Editing = { kind: 'new' } | { kind: 'edit'; item: CannedResponseItem } | null;

export function CannedTab({ canEdit }: { canEdit: boolean }) {
  const branding = useBrandingContext();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useCannedResponses(q);
  const [editing, setEditing] = useState<Editing>(null);
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
            <Button onClick={() => setEditing({ kind: 'new' })} data-testid="canned-new">
              New canned response
            </Button>
          ) : null}
        </Group>
      </Card>
      {list.isPending ? (
        <PageLoader label="Loading canned responses" />
      ) : list.isError ? (
        <ErrorState
          title="Could not load the canned responses"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={q ? `Nothing matches “${q}”.` : 'No canned responses yet'} testId="canned-empty">
          {q
            ? 'Try another word from the title or the text.'
            : 'Add replies you send often, such as “Please restart and try again”.'}
        </EmptyState>
      ) : (
        <Stack gap="xs">
          <Text size="sm" c="dimmed" aria-live="polite">
            {list.data.items.length === 1
              ? '1 canned response'
              : `${list.data.items.length} canned responses`}
            {q ? ` matching “${q}”` : ''}, by title
          </Text>
          <Stack
            component="ul"
            gap={0}
            aria-label="Canned responses"
            data-testid="canned-table"
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
          >
            {list.data.items.map((item) => (
              <CannedRow
                key={item.id}
                item={item}
                canEdit={canEdit}
                updated={formatInstant(item.updatedAt, branding)}
                onEdit={() => setEditing({ kind: 'edit', item })}
              />
            ))}
          </Stack>
        </Stack>
      )}
      {editing ? <CannedEditor editing={editing} onClose={() => setEditing(null)} /> : null}
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
    <Box
      component="li"
      py="sm"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid={`canned-row-${item.id}`}
    >
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
            <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit ${item.title}`}>
              Edit
            </Button>
            <ConfirmButton
              label="Delete"
              ariaLabel={`Delete ${item.title}`}
              title={`Delete “${item.title}”?`}
              message="It is removed for everyone. Replies already sent are not affected."
              confirmLabel="Delete"
              danger
              pending={remove.isPending}
              error={remove.error}
              onConfirm={(done) => remove.mutate(item.id, { onSuccess: done })}
              testId={`canned-delete-${item.id}`}
            />
          </Group>
        ) : null}
      </Group>
    </Box>
  );
}

function CannedEditor({ editing, onClose }: { editing: NonNullable<Editing>; onClose: () => void }) {
  const small = useMediaQuery('(max-width: 36em)');
  const [title, setTitle] = useState(editing.kind === 'edit' ? editing.item.title : '');
  const [body, setBody] = useState(editing.kind === 'edit' ? editing.item.body : '');
  const [view, setView] = useState<string | null>('write');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const create = useCreateCanned();
  const update = useUpdateCanned();
  const mutation = editing.kind === 'edit' ? update : create;
  const errors = { ...fieldErrorsOf(mutation.error, 'title'), ...localErrors };
  const touched = () => {
    if (mutation.isError) mutation.reset();
    setLocalErrors({});
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!title.trim()) problems.title = 'Enter a title';
    if (!body.trim()) problems.body = 'Enter the text of the response';
    if (body.trim().length > CANNED_RESPONSE_BODY_MAX) problems.body = 'Use at most 20,000 characters';
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) {
      if (problems.body) setView('write');
      return;
    }
    if (editing.kind === 'edit') {
      update.mutate({ id: editing.item.id, patch: { title, body } }, { onSuccess: onClose });
    } else {
      create.mutate({ title, body }, { onSuccess: onClose });
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={editing.kind === 'edit' ? `Edit “${editing.item.title}”` : 'New canned response'}
      size="xl"
      fullScreen={small}
    >
      <form onSubmit={submit} noValidate aria-label="Canned response">
        <Stack gap="md">
          <TextInput
            label="Title"
            description="Short and findable, for example “Password reset steps”"
            value={title}
            onChange={(e) => {
              setTitle(e.currentTarget.value);
              touched();
            }}
            error={errors.title}
            required
            maxLength={120}
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
              <Textarea
                label="Text (Markdown)"
                description={`**bold**, _italic_, lists with “- ”, links as [text](https://…). ${body.length.toLocaleString('en')} of 20,000 characters.`}
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
          {mutation.isError ? (
            <SaveError
              error={mutation.error}
              shown={['title', 'body']}
              title="The canned response was not saved"
              conflictShown
            />
          ) : null}
          <FormButtons
            onCancel={onClose}
            pending={mutation.isPending}
            submitLabel={editing.kind === 'edit' ? 'Save' : 'Add canned response'}
            testId="canned-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}
