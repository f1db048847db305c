import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { TicketCategory } from '../../../shared/schemas/support-config.ts';
import { categoryCreateBody } from '../../../shared/schemas/support-config.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useCategories, useCreateCategory, useUpdateCategory } from './api.ts';
import {
  EmptyState,
  fieldErrorsOf,
  ListRow,
  MoveButtons,
  OrderedList,
  RowError,
  SaveError,
} from './parts.tsx';
import { QueryStates } from './resource-tab.tsx';

export function CategoriesTab({ canEdit }: { canEdit: boolean }) {
  const categories = useCategories();
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Contacts and staff choose a category when they raise a ticket; assignment rules can use it. Archived
        categories stay on the tickets that have them but are no longer offered.
      </Text>
      {canEdit ? <AddCategory /> : null}
      <QueryStates
        query={categories}
        loadingLabel="Loading categories"
        errorTitle="Could not load the categories"
        empty={
          <EmptyState title="No categories yet" testId="categories-empty">
            {canEdit
              ? 'Add the first one above, for example “Hardware” or “Accounts and access”.'
              : 'Tickets can be raised without a category until someone adds some.'}
          </EmptyState>
        }
      >
        {(data) => <CategoryTable items={data.items} canEdit={canEdit} />}
      </QueryStates>
    </Stack>
  );
}

function AddCategory() {
  const [name, setName] = useState('');
  const create = useSubmitOnce(useCreateCategory());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name }, { onSuccess: () => setName('') });
  };
  const fields = fieldErrorsOf(create.error, 'name');
  return (
    <Card withBorder padding="md" component="form" onSubmit={onSubmit} noValidate aria-label="Add a category">
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <LimitedTextInput
            label="New category"
            placeholder="For example: Printers"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              if (create.isError) create.reset();
            }}
            error={fields.name}
            maxLength={maxLengthOf(categoryCreateBody.shape.name)}
            required
            style={{ flex: '1 1 240px' }}
            data-testid="category-new-name"
          />
          <Button type="submit" loading={create.isPending} data-testid="category-add">
            Add category
          </Button>
        </Group>
        {create.isError && !fields.name ? (
          <SaveError error={create.error} title="The category was not added" />
        ) : null}
      </Stack>
    </Card>
  );
}

function CategoryTable({ items, canEdit }: { items: TicketCategory[]; canEdit: boolean }) {
  const update = useUpdateCategory();
  const move = (category: TicketCategory, by: number) => {
    const index = items.findIndex((c) => c.id === category.id);
    update.mutate({ id: category.id, patch: { position: index + by } });
  };
  return (
    <OrderedList
      heading="Categories, in the order they are offered"
      headingId="categories-heading"
      testId="categories-table"
      gap="sm"
      order={update}
    >
      {items.map((category, index) => (
        <CategoryRow
          key={category.id}
          category={category}
          canEdit={canEdit}
          first={index === 0}
          last={index === items.length - 1}
          onMove={(by) => move(category, by)}
          moving={update.isPending}
        />
      ))}
    </OrderedList>
  );
}

function CategoryRow({
  category,
  canEdit,
  first,
  last,
  onMove,
  moving,
}: {
  category: TicketCategory;
  canEdit: boolean;
  first: boolean;
  last: boolean;
  onMove: (by: number) => void;
  moving: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(category.name);
  const rename = useUpdateCategory();
  const archive = useUpdateCategory();
  const save = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate({ id: category.id, patch: { name } }, { onSuccess: () => setEditing(false) });
  };
  const renameFields = fieldErrorsOf(rename.error, 'name');
  return (
    <ListRow testId={`category-row-${category.id}`}>
      {editing ? (
        <form onSubmit={save} noValidate aria-label={`Rename ${category.name}`}>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <LimitedTextInput
              label={`New name for ${category.name}`}
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                if (rename.isError) rename.reset();
              }}
              error={renameFields.name ?? (rename.isError ? rename.error.message : undefined)}
              maxLength={maxLengthOf(categoryCreateBody.shape.name)}
              style={{ flex: '1 1 220px' }}
              data-autofocus
              data-testid="category-rename-input"
            />
            <Group gap="xs" mb={renameFields.name || rename.isError ? 22 : 0}>
              <Button type="submit" loading={rename.isPending} data-testid="category-rename-save">
                Save
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  setEditing(false);
                  setName(category.name);
                  rename.reset();
                }}
              >
                Cancel
              </Button>
            </Group>
          </Group>
        </form>
      ) : (
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 200px' }}>
            <Text fw={600} c={category.archived ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>
              {category.name}
            </Text>
            {category.archived ? (
              <Badge color="gray" variant="outline" style={{ flexShrink: 0 }}>
                Archived
              </Badge>
            ) : (
              <Badge color="teal" variant="light" style={{ flexShrink: 0 }}>
                Offered
              </Badge>
            )}
          </Group>
          {canEdit ? (
            <Group gap="xs" wrap="nowrap">
              <MoveButtons name={category.name} first={first} last={last} moving={moving} onMove={onMove} />
              <Button
                size="xs"
                variant="default"
                onClick={() => setEditing(true)}
                aria-label={`Rename ${category.name}`}
              >
                Rename
              </Button>
              <Button
                size="xs"
                variant={category.archived ? 'light' : 'default'}
                loading={archive.isPending}
                onClick={() => archive.mutate({ id: category.id, patch: { archived: !category.archived } })}
                aria-label={`${category.archived ? 'Restore' : 'Archive'} ${category.name}`}
                data-testid={`category-archive-${category.id}`}
              >
                {category.archived ? 'Restore' : 'Archive'}
              </Button>
            </Group>
          ) : null}
        </Group>
      )}
      <RowError error={archive.error} />
    </ListRow>
  );
}
