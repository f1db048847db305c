import { Badge, Group, Radio, Select, Stack, Switch, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentRuleResponse } from '../../../shared/schemas/support-config.ts';
import { renderDataOption } from '../../ui/language-option.tsx';
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

type Translate = ReturnType<typeof useTranslation>['t'];

export function RulesTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
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
      intro={t('staffAdmin:rules.intro')}
      canEdit={canEdit}
      newLabel={t('staffAdmin:rules.new')}
      newTestId="rule-new"
      query={rules}
      loadingLabel={t('staffAdmin:rules.loading')}
      errorTitle={t('staffAdmin:rules.loadError')}
      empty={
        <EmptyState title={t('staffAdmin:rules.empty')} testId="rules-empty">
          {canEdit ? t('staffAdmin:rules.emptyEdit') : t('staffAdmin:rules.emptyView')}
        </EmptyState>
      }
      editor={(editing: Editing<AssignmentRuleResponse>, onClose) => (
        <RuleEditor editing={editing} onClose={onClose} />
      )}
    >
      {(_, edit) => (
        <OrderedList
          heading={t('staffAdmin:rules.heading')}
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

function targetText(rule: AssignmentRuleResponse, t: Translate): string {
  if (rule.teamId !== null) return t('staffAdmin:rules.teamInTurn', { name: rule.teamName ?? '' });
  return rule.assigneeName ?? t('staffAdmin:rules.nobody');
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
  const { t } = useTranslation();
  const update = useUpdateRule();
  const remove = useDeleteRule();
  const label = t('staffAdmin:rules.ruleNumber', { number: index + 1 });
  const fact = (term: string, value: string) => (
    <Text size="sm" component="span" style={{ overflowWrap: 'anywhere' }}>
      <Text span c="dimmed" size="sm">
        {term}
      </Text>{' '}
      <span dir="auto">{value}</span>
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
              {fact(t('staffAdmin:rules.clientLabel'), rule.clientName ?? t('staffAdmin:rules.anyClient'))}
              {fact(
                t('staffAdmin:rules.categoryLabel'),
                rule.categoryName ?? t('staffAdmin:rules.anyCategory'),
              )}
            </Group>
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              <Text span c="dimmed" size="sm" fw={400}>
                {t('staffAdmin:rules.assignToLabel')}
              </Text>{' '}
              <span dir="auto">{targetText(rule, t)}</span>
            </Text>
          </Stack>
        </Group>
        <Group gap="sm" wrap="wrap" justify="flex-end">
          {canEdit ? (
            <Switch
              label={rule.enabled ? t('staffAdmin:rules.enabled') : t('staffAdmin:rules.disabled')}
              checked={rule.enabled}
              onChange={(e) => update.mutate({ id: rule.id, patch: { enabled: e.currentTarget.checked } })}
              disabled={update.isPending}
              aria-label={t('staffAdmin:rules.enableNamed', { name: label })}
              data-testid={`rule-enabled-${rule.id}`}
            />
          ) : (
            <Badge color={rule.enabled ? 'teal' : 'gray'} variant={rule.enabled ? 'light' : 'outline'}>
              {rule.enabled ? t('staffAdmin:rules.enabled') : t('staffAdmin:rules.disabled')}
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
                message={t('staffAdmin:rules.deleteBody')}
                confirmLabel={t('staffAdmin:rules.delete')}
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
  const { t } = useTranslation();
  const rule = editing.kind === 'edit' ? editing.item : null;
  const [clientId, setClientId] = useState<string>(rule?.clientId ? String(rule.clientId) : ANY);
  const [categoryId, setCategoryId] = useState<string>(rule?.categoryId ? String(rule.categoryId) : ANY);
  const [kind, setKind] = useState<'team' | 'person'>(rule?.assigneeAccountId ? 'person' : 'team');
  const [teamId, setTeamId] = useState<string | null>(rule?.teamId ? String(rule.teamId) : null);
  const [personId, setPersonId] = useState<string | null>(
    rule?.assigneeAccountId ? String(rule.assigneeAccountId) : null,
  );
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [clientLabel, setClientLabel] = useState(
    rule?.clientId ? (rule.clientName ?? '') : t('staffAdmin:rules.anyClient'),
  );
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
    const list = [{ value: ANY, label: t('staffAdmin:rules.anyClient') }];
    for (const c of clients.data?.items ?? []) list.push({ value: String(c.id), label: c.name });
    if (rule?.clientId && !list.some((o) => o.value === String(rule.clientId))) {
      list.push({
        value: String(rule.clientId),
        label: rule.clientName ?? t('staffAdmin:rules.clientNumber', { id: rule.clientId }),
      });
    }
    return list;
  }, [clients.data, rule, t]);
  const categoryOptions = useMemo(() => {
    const list = [{ value: ANY, label: t('staffAdmin:rules.anyCategoryOrNone') }];
    for (const c of categories.data?.items ?? []) {
      if (!c.archived || c.id === rule?.categoryId) {
        list.push({
          value: String(c.id),
          label: c.archived ? t('staffAdmin:rules.archivedOption', { name: c.name }) : c.name,
        });
      }
    }
    return list;
  }, [categories.data, rule, t]);
  const teamOptions = (teams.data?.items ?? []).map((team) => ({
    value: String(team.id),
    label: t('staffAdmin:rules.teamOption', {
      name: team.name,
      count: team.members.filter((m) => m.active).length,
    }),
  }));
  const personOptions = useMemo(() => {
    const list = (assignees.data?.items ?? []).map((a) => ({ value: String(a.accountId), label: a.name }));
    if (rule?.assigneeAccountId && !list.some((o) => o.value === String(rule.assigneeAccountId))) {
      list.push({
        value: String(rule.assigneeAccountId),
        label: t('staffAdmin:teams.inactiveOption', {
          name: rule.assigneeName ?? t('staffAdmin:rules.someone'),
        }),
      });
    }
    return list;
  }, [assignees.data, rule, t]);

  const touched = () => {
    clearError();
    setLocalErrors({});
  };

  const submit = () => {
    const problems: Record<string, string> = {};
    if (kind === 'team' && !teamId) problems.teamId = t('staffAdmin:rules.chooseTeam');
    if (kind === 'person' && !personId) problems.assigneeAccountId = t('staffAdmin:rules.choosePerson');
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
      title={editing.kind === 'edit' ? t('staffAdmin:rules.editTitle') : t('staffAdmin:rules.newTitle')}
      size="lg"
      formLabel={t('staffAdmin:rules.formLabel')}
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle={t('staffAdmin:rules.notSaved')}
      shown={['clientId', 'categoryId', 'teamId', 'assigneeAccountId']}
      submitLabel={editing.kind === 'edit' ? t('staffAdmin:rules.save') : t('staffAdmin:rules.add')}
      submitTestId="rule-save"
    >
      <Select
        label={t('staffAdmin:rules.whenClient')}
        description={t('staffAdmin:rules.whenClientHelp')}
        data={clientOptions}
        renderOption={renderDataOption}
        value={clientId}
        onChange={(v, option) => {
          setClientId(v ?? ANY);
          setClientLabel(option?.label ?? t('staffAdmin:rules.anyClient'));
          touched();
        }}
        searchable
        searchValue={clientSearch}
        onSearchChange={setClientSearch}
        filter={({ options }) => options}
        allowDeselect={false}
        nothingFoundMessage={
          clients.isFetching ? t('staffAdmin:rules.searching') : t('staffAdmin:rules.noClient')
        }
        error={all.clientId ?? (clients.isError ? t('staffAdmin:clients.list.loadError') : undefined)}
        data-testid="rule-client"
      />
      <Select
        label={t('staffAdmin:rules.andCategory')}
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
        label={t('staffAdmin:rules.assignTo')}
        value={kind}
        onChange={(v) => {
          setKind(v === 'person' ? 'person' : 'team');
          touched();
        }}
      >
        <Group gap="lg" mt="xs">
          <Radio value="team" label={t('staffAdmin:rules.kindTeam')} data-testid="rule-kind-team" />
          <Radio value="person" label={t('staffAdmin:rules.kindPerson')} data-testid="rule-kind-person" />
        </Group>
      </Radio.Group>
      {kind === 'team' ? (
        <Select
          label={t('staffAdmin:rules.team')}
          data={teamOptions}
          renderOption={renderDataOption}
          value={teamId}
          onChange={(v) => {
            setTeamId(v);
            touched();
          }}
          placeholder={
            teams.isPending ? t('staffAdmin:support.loadingShort') : t('staffAdmin:rules.chooseTeam')
          }
          nothingFoundMessage={t('staffAdmin:rules.noTeams')}
          error={all.teamId}
          required
          data-testid="rule-team"
        />
      ) : (
        <Select
          label={t('staffAdmin:rules.person')}
          data={personOptions}
          renderOption={renderDataOption}
          value={personId}
          onChange={(v) => {
            setPersonId(v);
            touched();
          }}
          searchable
          placeholder={
            assignees.isPending ? t('staffAdmin:support.loadingShort') : t('staffAdmin:rules.choosePerson')
          }
          error={all.assigneeAccountId ?? all.teamId}
          required
          data-testid="rule-person"
        />
      )}
      <Switch
        label={t('staffAdmin:rules.enabled')}
        description={t('staffAdmin:rules.enabledHelp')}
        checked={enabled}
        onChange={(e) => setEnabled(e.currentTarget.checked)}
        data-testid="rule-enabled"
      />
    </EditDialog>
  );
}
