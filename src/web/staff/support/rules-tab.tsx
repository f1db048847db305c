import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Radio,
  Select,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { type FormEvent, useMemo, useState } from 'react';
import type { AssignmentRuleResponse } from '../../../shared/schemas/support-config.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
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
import { EmptyState, FormButtons, fieldErrorsOf, SaveError } from './parts.tsx';
import { swapped } from './rules-order.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; rule: AssignmentRuleResponse } | null;

const ANY = 'any';

export function RulesTab({ canEdit }: { canEdit: boolean }) {
  const rules = useRules();
  const order = useOrderRules();
  const [editing, setEditing] = useState<Editing>(null);
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
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 320px' }}>
          Who gets a new ticket that nobody assigned. Rules are tried from the top; the first enabled rule
          whose client and category match assigns the ticket, to a person or to a team in turn. When no rule
          matches, the ticket stays unassigned.
        </Text>
        {canEdit ? (
          <Button onClick={() => setEditing({ kind: 'new' })} data-testid="rule-new">
            New rule
          </Button>
        ) : null}
      </Group>
      {rules.isPending ? (
        <PageLoader label="Loading assignment rules" />
      ) : rules.isError ? (
        <ErrorState
          title="Could not load the assignment rules"
          error={rules.error}
          onRetry={() => void rules.refetch()}
        />
      ) : items.length === 0 ? (
        <EmptyState title="No assignment rules" testId="rules-empty">
          New tickets stay unassigned until someone takes them.
          {canEdit ? ' Add a rule to share them out automatically.' : ''}
        </EmptyState>
      ) : (
        <Stack gap="xs">
          <Title order={2} size="h4" id="rules-heading">
            Rules, in the order they are tried
          </Title>
          {order.isError ? <SaveError error={order.error} title="The new order was not saved" /> : null}
          <Stack
            component="ol"
            gap={0}
            aria-labelledby="rules-heading"
            data-testid="rules-table"
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
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
                onEdit={() => setEditing({ kind: 'edit', rule })}
              />
            ))}
          </Stack>
        </Stack>
      )}
      {editing ? <RuleEditor editing={editing} onClose={() => setEditing(null)} /> : null}
    </Stack>
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
    <Box
      component="li"
      py="sm"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid={`rule-row-${rule.id}`}
    >
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
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={`Move ${label} up`}
                disabled={index === 0 || moving}
                onClick={() => onMove(-1)}
              >
                <span aria-hidden="true">↑</span>
              </ActionIcon>
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={`Move ${label} down`}
                disabled={index === count - 1 || moving}
                onClick={() => onMove(1)}
              >
                <span aria-hidden="true">↓</span>
              </ActionIcon>
              <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit ${label}`}>
                Edit
              </Button>
              <ConfirmButton
                label="Delete"
                ariaLabel={`Delete ${label}`}
                title={`Delete ${label}?`}
                message="New tickets it would have matched go to the next matching rule, or stay unassigned."
                confirmLabel="Delete rule"
                danger
                pending={remove.isPending}
                error={remove.error}
                onConfirm={(done) => remove.mutate(rule.id, { onSuccess: done })}
                testId={`rule-delete-${rule.id}`}
              />
            </Group>
          ) : null}
        </Group>
      </Group>
      {update.isError ? (
        <Text size="xs" c="red" role="alert" mt={4}>
          {update.error.message}
        </Text>
      ) : null}
    </Box>
  );
}

function RuleEditor({ editing, onClose }: { editing: NonNullable<Editing>; onClose: () => void }) {
  const small = useMediaQuery('(max-width: 36em)');
  const rule = editing.kind === 'edit' ? editing.rule : null;
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
  const create = useCreateRule();
  const update = useUpdateRule();
  const mutation = editing.kind === 'edit' ? update : create;
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
    if (mutation.isError) mutation.reset();
    setLocalErrors({});
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
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
    if (editing.kind === 'edit') update.mutate({ id: editing.rule.id, patch: body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };
  const all = { ...errors, ...localErrors };

  return (
    <Modal
      opened
      onClose={onClose}
      title={editing.kind === 'edit' ? 'Edit assignment rule' : 'New assignment rule'}
      size="lg"
      fullScreen={small}
    >
      <form onSubmit={submit} noValidate aria-label="Assignment rule">
        <Stack gap="md">
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
          {mutation.isError ? (
            <SaveError
              error={mutation.error}
              shown={['clientId', 'categoryId', 'teamId', 'assigneeAccountId']}
              title="The rule was not saved"
            />
          ) : null}
          <FormButtons
            onCancel={onClose}
            pending={mutation.isPending}
            submitLabel={editing.kind === 'edit' ? 'Save rule' : 'Add rule'}
            testId="rule-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}
