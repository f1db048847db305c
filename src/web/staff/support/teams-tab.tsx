import { Badge, Group, MultiSelect, SimpleGrid, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { TeamResponse } from '../../../shared/schemas/support-config.ts';
import { teamBody } from '../../../shared/schemas/support-config.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { useAssignees, useCreateTeam, useDeleteTeam, useTeams, useUpdateTeam } from './api.ts';
import { DeleteButton, EditButton, EmptyState, fieldErrorsOf, ItemCard } from './parts.tsx';
import { EditDialog, type Editing, ResourceTab, useSave } from './resource-tab.tsx';

export function TeamsTab({ canEdit }: { canEdit: boolean }) {
  const teams = useTeams();
  return (
    <ResourceTab
      intro={
        <>
          Groups of staff who share tickets. An assignment rule that names a team gives its new tickets to the
          members in turn (round-robin), skipping anyone inactive.
        </>
      }
      canEdit={canEdit}
      newLabel="New team"
      newTestId="team-new"
      query={teams}
      loadingLabel="Loading teams"
      errorTitle="Could not load the teams"
      empty={
        <EmptyState title="No teams yet" testId="teams-empty">
          {canEdit
            ? 'Add a team, then an assignment rule that shares its tickets out.'
            : 'Someone with the right to change settings can add teams.'}
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
  const remove = useDeleteTeam();
  const headingId = `team-${team.id}-name`;
  return (
    <ItemCard headingId={headingId} testId={`team-${team.id}`}>
      <Title order={3} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }}>
        {team.name}
      </Title>
      {team.members.length === 0 ? (
        <Text size="sm" c="dimmed">
          No members: rules naming this team assign nobody.
        </Text>
      ) : (
        <Group gap={6} aria-label={`Members of ${team.name}`} role="list">
          {team.members.map((m) => (
            <Badge
              key={m.accountId}
              role="listitem"
              variant={m.active ? 'light' : 'outline'}
              color={m.active ? 'blue' : 'gray'}
              style={{ textTransform: 'none' }}
              title={m.email}
            >
              {m.name}
              {m.active ? '' : ' (inactive, skipped)'}
            </Badge>
          ))}
        </Group>
      )}
      {canEdit ? (
        <Group gap="xs">
          <EditButton name={team.name} onEdit={onEdit} />
          <DeleteButton
            name={team.name}
            message="The team is removed. A team that an assignment rule uses cannot be deleted until the rule changes."
            confirmLabel="Delete team"
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
          list.push({ value: String(m.accountId), label: `${m.name} (inactive)` });
      }
    }
    return list;
  }, [assignees.data, editing]);

  const submit = () => {
    const body = { name, memberAccountIds: members.map(Number) };
    save(body, body);
  };

  return (
    <EditDialog
      title={editing.kind === 'edit' ? `Edit ${editing.item.name}` : 'New team'}
      size="lg"
      formLabel="Team"
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle="The team was not saved"
      shown={['name', 'memberAccountIds']}
      conflictShown
      submitLabel={editing.kind === 'edit' ? 'Save team' : 'Add team'}
      submitTestId="team-save"
    >
      <LimitedTextInput
        label="Name"
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
        label="Members"
        description="Active staff who work on tickets"
        data={options}
        value={members}
        onChange={(v) => {
          setMembers(v);
          clearError();
        }}
        searchable
        clearable
        hidePickedOptions
        nothingFoundMessage={assignees.isPending ? 'Loading staff…' : 'Nobody matches'}
        error={
          errors.memberAccountIds ?? (assignees.isError ? 'Could not load the list of staff' : undefined)
        }
        data-testid="team-members"
      />
    </EditDialog>
  );
}
