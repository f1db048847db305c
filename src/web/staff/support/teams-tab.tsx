import { Badge, Group, MultiSelect, SimpleGrid, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamResponse } from '../../../shared/schemas/support-config.ts';
import { teamBody } from '../../../shared/schemas/support-config.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { renderDataOption } from '../../ui/language-option.tsx';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { useAssignees, useCreateTeam, useDeleteTeam, useTeams, useUpdateTeam } from './api.ts';
import { DeleteButton, EditButton, EmptyState, fieldErrorsOf, ItemCard } from './parts.tsx';
import { EditDialog, type Editing, ResourceTab, useSave } from './resource-tab.tsx';

export function TeamsTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const teams = useTeams();
  return (
    <ResourceTab
      intro={t('staffAdmin:teams.intro')}
      canEdit={canEdit}
      newLabel={t('staffAdmin:teams.new')}
      newTestId="team-new"
      query={teams}
      loadingLabel={t('staffAdmin:teams.loading')}
      errorTitle={t('staffAdmin:teams.loadError')}
      empty={
        <EmptyState title={t('staffAdmin:teams.empty')} testId="teams-empty">
          {canEdit ? t('staffAdmin:teams.emptyEdit') : t('staffAdmin:teams.emptyView')}
        </EmptyState>
      }
      editor={(editing: Editing<TeamResponse>, onClose) => <TeamEditor editing={editing} onClose={onClose} />}
    >
      {(data, edit) => (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {data.items.map((team) => (
            <TeamCard key={team.id} team={team} canEdit={canEdit} onEdit={() => edit(team)} />
          ))}
        </SimpleGrid>
      )}
    </ResourceTab>
  );
}

function TeamCard({ team, canEdit, onEdit }: { team: TeamResponse; canEdit: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteTeam();
  const headingId = `team-${team.id}-name`;
  return (
    <ItemCard headingId={headingId} testId={`team-${team.id}`}>
      <Title order={3} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }} dir="auto">
        {team.name}
      </Title>
      {team.members.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('staffAdmin:teams.noMembers')}
        </Text>
      ) : (
        <Group gap={6} aria-label={t('staffAdmin:teams.membersOf', { name: team.name })} role="list">
          {team.members.map((m) => (
            <Badge
              key={m.accountId}
              role="listitem"
              variant={m.active ? 'light' : 'outline'}
              color={m.active ? 'blue' : 'gray'}
              style={{ textTransform: 'none' }}
              title={m.email}
              dir="auto"
            >
              {m.active ? m.name : t('staffAdmin:teams.inactiveMember', { name: m.name })}
            </Badge>
          ))}
        </Group>
      )}
      {canEdit ? (
        <Group gap="xs">
          <EditButton name={team.name} onEdit={onEdit} />
          <DeleteButton
            name={team.name}
            message={t('staffAdmin:teams.deleteBody')}
            confirmLabel={t('staffAdmin:teams.delete')}
            id={team.id}
            remove={remove}
            testId={`team-delete-${team.id}`}
          />
        </Group>
      ) : null}
    </ItemCard>
  );
}

function TeamEditor({ editing, onClose }: { editing: Editing<TeamResponse>; onClose: () => void }) {
  const { t } = useTranslation();
  const assignees = useAssignees();
  const [name, setName] = useState(editing.kind === 'edit' ? editing.item.name : '');
  const [members, setMembers] = useState<string[]>(
    editing.kind === 'edit' ? editing.item.members.map((m) => String(m.accountId)) : [],
  );
  const { mutation, save, clearError } = useSave(editing, useCreateTeam, useUpdateTeam, onClose);
  const errors = fieldErrorsOf(mutation.error, 'name');

  // Everyone who can be added, plus current members who no longer can (so they are not dropped unseen).
  const options = useMemo(() => {
    const list = (assignees.data?.items ?? []).map((a) => ({
      value: String(a.accountId),
      label: `${a.name} (${a.email})`,
    }));
    const known = new Set(list.map((o) => o.value));
    if (editing.kind === 'edit') {
      for (const m of editing.item.members) {
        if (!known.has(String(m.accountId)))
          list.push({
            value: String(m.accountId),
            label: t('staffAdmin:teams.inactiveOption', { name: m.name }),
          });
      }
    }
    return list;
  }, [assignees.data, editing, t]);

  const submit = () => {
    const body = { name, memberAccountIds: members.map(Number) };
    save(body, body);
  };

  return (
    <EditDialog
      title={
        editing.kind === 'edit'
          ? t('staffAdmin:contacts.editNamed', { name: editing.item.name })
          : t('staffAdmin:teams.new')
      }
      size="lg"
      formLabel={t('staffAdmin:teams.formLabel')}
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle={t('staffAdmin:teams.notSaved')}
      shown={['name', 'memberAccountIds']}
      conflictShown
      submitLabel={editing.kind === 'edit' ? t('staffAdmin:teams.save') : t('staffAdmin:teams.add')}
      submitTestId="team-save"
    >
      <LimitedTextInput
        label={t('staffAdmin:clients.form.name')}
        dir="auto"
        value={name}
        onChange={(e) => {
          setName(e.currentTarget.value);
          clearError();
        }}
        error={errors.name}
        required
        maxLength={maxLengthOf(teamBody.shape.name)}
        data-autofocus
        data-testid="team-name"
      />
      <MultiSelect
        label={t('staffAdmin:teams.members')}
        description={t('staffAdmin:teams.membersHelp')}
        data={options}
        renderOption={renderDataOption}
        value={members}
        onChange={(v) => {
          setMembers(v);
          clearError();
        }}
        searchable
        clearable
        hidePickedOptions
        nothingFoundMessage={
          assignees.isPending ? t('staffAdmin:support.loadingStaff') : t('staffAdmin:support.nobodyMatches')
        }
        error={
          errors.memberAccountIds ?? (assignees.isError ? t('staffAdmin:support.staffLoadError') : undefined)
        }
        data-testid="team-members"
      />
    </EditDialog>
  );
}
