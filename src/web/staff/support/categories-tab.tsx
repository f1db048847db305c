import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const categories = useCategories();
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('staffAdmin:categories.intro')}
      </Text>
      {canEdit ? <AddCategory /> : null}
      <QueryStates
        query={categories}
        loadingLabel={t('staffAdmin:categories.loading')}
        errorTitle={t('staffAdmin:categories.loadError')}
        empty={
          <EmptyState title={t('staffAdmin:categories.empty')} testId="categories-empty">
            {canEdit ? t('staffAdmin:categories.emptyEdit') : t('staffAdmin:categories.emptyView')}
          </EmptyState>
        }
      >
        {(data) => <CategoryTable items={data.items} canEdit={canEdit} />}
      </QueryStates>
    </Stack>
  );
}

function AddCategory() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const create = useSubmitOnce(useCreateCategory());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name }, { onSuccess: () => setName('') });
  };
  const fields = fieldErrorsOf(create.error, 'name');
  return (
    <Card
      withBorder
      padding="md"
      component="form"
      onSubmit={onSubmit}
      noValidate
      aria-label={t('staffAdmin:categories.addLabel')}
    >
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <LimitedTextInput
            label={t('staffAdmin:categories.new')}
            placeholder={t('staffAdmin:categories.newPlaceholder')}
            dir="auto"
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
            {t('staffAdmin:categories.add')}
          </Button>
        </Group>
        {create.isError && !fields.name ? (
          <SaveError error={create.error} title={t('staffAdmin:categories.notAdded')} />
        ) : null}
      </Stack>
    </Card>
  );
}

function CategoryTable({ items, canEdit }: { items: TicketCategory[]; canEdit: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateCategory();
  const move = (category: TicketCategory, by: number) => {
    const index = items.findIndex((c) => c.id === category.id);
    update.mutate({ id: category.id, patch: { position: index + by } });
  };
  return (
    <OrderedList
      heading={t('staffAdmin:categories.heading')}
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
  const { t } = useTranslation();
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
        <form
          onSubmit={save}
          noValidate
          aria-label={t('staffAdmin:categories.renameNamed', { name: category.name })}
        >
          <Group gap="xs" align="flex-end" wrap="wrap">
            <LimitedTextInput
              label={t('staffAdmin:categories.newName', { name: category.name })}
              dir="auto"
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
                {t('staffAdmin:support.save')}
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  setEditing(false);
                  setName(category.name);
                  rename.reset();
                }}
              >
                {t('staffAdmin:cancel')}
              </Button>
            </Group>
          </Group>
        </form>
      ) : (
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 200px' }}>
            <Text
              fw={600}
              c={category.archived ? 'dimmed' : undefined}
              style={{ overflowWrap: 'anywhere' }}
              dir="auto"
            >
              {category.name}
            </Text>
            {category.archived ? (
              <Badge color="gray" variant="outline" style={{ flexShrink: 0 }}>
                {t('staffAdmin:clients.archived')}
              </Badge>
            ) : (
              <Badge color="teal" variant="light" style={{ flexShrink: 0 }}>
                {t('staffAdmin:categories.offered')}
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
                aria-label={t('staffAdmin:categories.renameNamed', { name: category.name })}
              >
                {t('staffAdmin:categories.rename')}
              </Button>
              <Button
                size="xs"
                variant={category.archived ? 'light' : 'default'}
                loading={archive.isPending}
                onClick={() => archive.mutate({ id: category.id, patch: { archived: !category.archived } })}
                aria-label={
                  category.archived
                    ? t('staffAdmin:support.restoreNamed', { name: category.name })
                    : t('staffAdmin:support.archiveNamed', { name: category.name })
                }
                data-testid={`category-archive-${category.id}`}
              >
                {category.archived
                  ? t('staffAdmin:clients.page.restore')
                  : t('staffAdmin:clients.page.archive')}
              </Button>
            </Group>
          ) : null}
        </Group>
      )}
      <RowError error={archive.error} />
    </ListRow>
  );
}
