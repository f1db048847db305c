import { Badge, Group, Radio, Select, Stack, Switch, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import type { AssignmentRuleResponse } from '../../../shared/schemas/support-config.ts';
import {
  useAssignees,
  useCategories,
  useClientSearch,
  useCreateRule,
  useDeleteRule,
  useOrderRules,
  useRules,
  useTeams,
  useUpdateRule,
} from './api.ts';
import {
  DeleteButton,
  EditButton,
  EmptyState,
  fieldErrorsOf,
  ListRow,
  MoveButtons,
  OrderedList,
  RowError,
} from './parts.tsx';
import { EditDialog, type Editing, ResourceTab, useSave } from './resource-tab.tsx';
import { swapped } from './rules-order.ts';

const ANY = 'any';

export function RulesTab({ canEdit }: { canEdit: boolean }) {
  const rules = useRules();
  const order = useOrderRules();
  const items = rules.data?.items ?? [];
  const move = (index: number, by: number) => {
    const next = swapped(
      items.map((r) => r.id),
      index,
      index + by,
    );
    if (next) order.mutate(next);
  };
  return (
    <ResourceTab
      intro={
        <>
          Who gets a new ticket that nobody assigned. Rules are tried from the top; the first enabled rule
          whose client and category match assigns the ticket, to a person or to a team in turn. When no rule
          matches, the ticket stays unassigned.
        </>
      }
      canEdit={canEdit}
      newLabel="New rule"
      newTestId="rule-new"
      query={rules}
      loadingLabel="Loading assignment rules"
      errorTitle="Could not load the assignment rules"
      empty={
        <EmptyState title="No assignment rules" testId="rules-empty">
          New tickets stay unassigned until someone takes them.
          {canEdit ? ' Add a rule to share them out automatically.' : ''}
        </EmptyState>
      }
      editor={(editing: Editing<AssignmentRuleResponse>, onClose) => (
        <RuleEditor editing={editing} onClose={onClose} />
      )}
    >
      {(_, edit) => (
        <OrderedList
          heading="Rules, in the order they are tried"
          headingId="rules-heading"
          testId="rules-table"
          gap="xs"
          order={order}
        >
          {items.map((rule, index) => (
            <RuleRow
              key={rule.id}
              rule={rule}
              index={index}
              count={items.length}
              canEdit={canEdit}
              moving={order.isPending}
              onMove={(by) => move(index, by)}
              onEdit={() => edit(rule)}
            />
          ))}
        </OrderedList>
      )}
    </ResourceTab>
  );
}

function targetText(rule: AssignmentRuleResponse): string {
  if (rule.teamId !== null) return `Team ${rule.teamName ?? ''} (in turn)`;
  return rule.assigneeName ?? 'Nobody';
}

function RuleRow({
  rule,
  index,
  count,
  canEdit,
  moving,
  onMove,
  onEdit,
}: {
  rule: AssignmentRuleResponse;
  index: number;
  count: number;
  canEdit: boolean;
  moving: boolean;
  onMove: (by: number) => void;
  onEdit: () => void;
}) {
  const update = useUpdateRule();
  const remove = useDeleteRule();
  const label = `rule ${index + 1}`;
  const fact = (term: string, value: string) => (
    <Text size="sm" component="span" style={{ overflowWrap: 'anywhere' }}>
      <Text span c="dimmed" size="sm">
        {term}:
      </Text>{' '}
      {value}
    </Text>
  );
  return (
    <ListRow testId={`rule-row-${rule.id}`}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Group gap="sm" align="flex-start" wrap="nowrap" style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Text fw={700} aria-hidden="true">
            {index + 1}.
          </Text>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="md" wrap="wrap">
              {fact('Client', rule.clientName ?? 'Any client')}
              {fact('Category', rule.categoryName ?? 'Any category')}
            </Group>
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              <Text span c="dimmed" size="sm" fw={400}>
                Assign to:
              </Text>{' '}
              {targetText(rule)}
            </Text>
          </Stack>
        </Group>
        <Group gap="sm" wrap="wrap" justify="flex-end">
          {canEdit ? (
            <Switch
              label={rule.enabled ? 'Enabled' : 'Disabled'}
              checked={rule.enabled}
              onChange={(e) => update.mutate({ id: rule.id, patch: { enabled: e.currentTarget.checked } })}
              disabled={update.isPending}
              aria-label={`Enable ${label}`}
              data-testid={`rule-enabled-${rule.id}`}
            />
          ) : (
            <Badge color={rule.enabled ? 'teal' : 'gray'} variant={rule.enabled ? 'light' : 'outline'}>
              {rule.enabled ? 'Enabled' : 'Disabled'}
            </Badge>
          )}
          {canEdit ? (
            <Group gap="xs" wrap="nowrap">
              <MoveButtons
                name={label}
                first={index === 0}
                last={index === count - 1}
                moving={moving}
                onMove={onMove}
              />
              <EditButton name={label} onEdit={onEdit} />
              <DeleteButton
                name={label}
                message="New tickets it would have matched go to the next matching rule, or stay unassigned."
                confirmLabel="Delete rule"
                id={rule.id}
                remove={remove}
                testId={`rule-delete-${rule.id}`}
              />
            </Group>
          ) : null}
        </Group>
      </Group>
      <RowError error={update.error} />
    </ListRow>
  );
}

function RuleEditor({ editing, onClose }: { editing: Editing<AssignmentRuleResponse>; onClose: () => void }) {
  const rule = editing.kind === 'edit' ? editing.item : null;
  const [clientId, setClientId] = useState<string>(rule?.clientId ? String(rule.clientId) : ANY);
  const [categoryId, setCategoryId] = useState<string>(rule?.categoryId ? String(rule.categoryId) : ANY);
  const [kind, setKind] = useState<'team' | 'person'>(rule?.assigneeAccountId ? 'person' : 'team');
  const [teamId, setTeamId] = useState<string | null>(rule?.teamId ? String(rule.teamId) : null);
  const [personId, setPersonId] = useState<string | null>(
    rule?.assigneeAccountId ? String(rule.assigneeAccountId) : null,
  );
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [clientLabel, setClientLabel] = useState(rule?.clientId ? (rule.clientName ?? '') : 'Any client');
  const [clientSearch, setClientSearch] = useState(clientLabel);
  // The chosen client's own name in the box is not a search: offer the first clients then.
  const [q] = useDebouncedValue(clientSearch.trim() === clientLabel ? '' : clientSearch.trim(), 250);
  const clients = useClientSearch(q, true);
  const categories = useCategories();
  const teams = useTeams();
  const assignees = useAssignees();
  const { mutation, save, clearError } = useSave(editing, useCreateRule, useUpdateRule, onClose);
  const errors = fieldErrorsOf(mutation.error);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const clientOptions = useMemo(() => {
    const list = [{ value: ANY, label: 'Any client' }];
    for (const c of clients.data?.items ?? []) list.push({ value: String(c.id), label: c.name });
    if (rule?.clientId && !list.some((o) => o.value === String(rule.clientId))) {
      list.push({ value: String(rule.clientId), label: rule.clientName ?? `Client ${rule.clientId}` });
    }
    return list;
  }, [clients.data, rule]);
  const categoryOptions = useMemo(() => {
    const list = [{ value: ANY, label: 'Any category (or none)' }];
    for (const c of categories.data?.items ?? []) {
      if (!c.archived || c.id === rule?.categoryId) {
        list.push({ value: String(c.id), label: c.archived ? `${c.name} (archived)` : c.name });
      }
    }
    return list;
  }, [categories.data, rule]);
  const teamOptions = (teams.data?.items ?? []).map((t) => ({
    value: String(t.id),
    label: `${t.name} (${t.members.filter((m) => m.active).length} active)`,
  }));
  const personOptions = useMemo(() => {
    const list = (assignees.data?.items ?? []).map((a) => ({ value: String(a.accountId), label: a.name }));
    if (rule?.assigneeAccountId && !list.some((o) => o.value === String(rule.assigneeAccountId))) {
      list.push({
        value: String(rule.assigneeAccountId),
        label: `${rule.assigneeName ?? 'Someone'} (inactive)`,
      });
    }
    return list;
  }, [assignees.data, rule]);

  const touched = () => {
    clearError();
    setLocalErrors({});
  };

  const submit = () => {
    const problems: Record<string, string> = {};
    if (kind === 'team' && !teamId) problems.teamId = 'Choose a team';
    if (kind === 'person' && !personId) problems.assigneeAccountId = 'Choose a person';
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const body = {
      clientId: clientId === ANY ? null : Number(clientId),
      categoryId: categoryId === ANY ? null : Number(categoryId),
      teamId: kind === 'team' ? Number(teamId) : null,
      assigneeAccountId: kind === 'person' ? Number(personId) : null,
      enabled,
    };
    save(body, body);
  };
  const all = { ...errors, ...localErrors };

  return (
    <EditDialog
      title={editing.kind === 'edit' ? 'Edit assignment rule' : 'New assignment rule'}
      size="lg"
      formLabel="Assignment rule"
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle="The rule was not saved"
      shown={['clientId', 'categoryId', 'teamId', 'assigneeAccountId']}
      submitLabel={editing.kind === 'edit' ? 'Save rule' : 'Add rule'}
      submitTestId="rule-save"
    >
      <Select
        label="When the ticket is for"
        description="Type to search clients"
        data={clientOptions}
        value={clientId}
        onChange={(v, option) => {
          setClientId(v ?? ANY);
          setClientLabel(option?.label ?? 'Any client');
          touched();
        }}
        searchable
        searchValue={clientSearch}
        onSearchChange={setClientSearch}
        filter={({ options }) => options}
        allowDeselect={false}
        nothingFoundMessage={clients.isFetching ? 'Searching…' : 'No client matches'}
        error={all.clientId ?? (clients.isError ? 'Could not load clients' : undefined)}
        data-testid="rule-client"
      />
      <Select
        label="And its category is"
        data={categoryOptions}
        value={categoryId}
        onChange={(v) => {
          setCategoryId(v ?? ANY);
          touched();
        }}
        allowDeselect={false}
        error={all.categoryId}
        data-testid="rule-category"
      />
      <Radio.Group
        label="Assign it to"
        value={kind}
        onChange={(v) => {
          setKind(v === 'person' ? 'person' : 'team');
          touched();
        }}
      >
        <Group gap="lg" mt="xs">
          <Radio value="team" label="A team, in turn" data-testid="rule-kind-team" />
          <Radio value="person" label="A person" data-testid="rule-kind-person" />
        </Group>
      </Radio.Group>
      {kind === 'team' ? (
        <Select
          label="Team"
          data={teamOptions}
          value={teamId}
          onChange={(v) => {
            setTeamId(v);
            touched();
          }}
          placeholder={teams.isPending ? 'Loading…' : 'Choose a team'}
          nothingFoundMessage="No teams yet: add one on the Teams tab"
          error={all.teamId}
          required
          data-testid="rule-team"
        />
      ) : (
        <Select
          label="Person"
          data={personOptions}
          value={personId}
          onChange={(v) => {
            setPersonId(v);
            touched();
          }}
          searchable
          placeholder={assignees.isPending ? 'Loading…' : 'Choose a person'}
          error={all.assigneeAccountId ?? all.teamId}
          required
          data-testid="rule-person"
        />
      )}
      <Switch
        label="Enabled"
        description="A disabled rule is skipped"
        checked={enabled}
        onChange={(e) => setEnabled(e.currentTarget.checked)}
        data-testid="rule-enabled"
      />
    </EditDialog>
  );
}
