import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type FormEvent, useMemo, useState } from 'react';
import type { TeamResponse } from '../../../shared/schemas/support-config.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useAssignees, useCreateTeam, useDeleteTeam, useTeams, useUpdateTeam } from './api.ts';
import { EmptyState, FormButtons, fieldErrorsOf, SaveError } from './parts.tsx';

type Editing = { kind: 'new' } | { kind: 'edit'; team: TeamResponse } | null;

export function TeamsTab({ canEdit }: { canEdit: boolean }) {
  const teams = useTeams();
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 320px' }}>
          Groups of staff who share tickets. An assignment rule that names a team gives its new tickets to the
          members in turn (round-robin), skipping anyone inactive.
        </Text>
        {canEdit ? (
          <Button onClick={() => setEditing({ kind: 'new' })} data-testid="team-new">
            New team
          </Button>
        ) : null}
      </Group>
      {teams.isPending ? (
        <PageLoader label="Loading teams" />
      ) : teams.isError ? (
        <ErrorState
          title="Could not load the teams"
          error={teams.error}
          onRetry={() => void teams.refetch()}
        />
      ) : teams.data.items.length === 0 ? (
        <EmptyState title="No teams yet" testId="teams-empty">
          {canEdit
            ? 'Add a team, then an assignment rule that shares its tickets out.'
            : 'Someone with the right to change settings can add teams.'}
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {teams.data.items.map((team) => (
            <TeamCard
              key={team.id}
              team={team}
              canEdit={canEdit}
              onEdit={() => setEditing({ kind: 'edit', team })}
            />
          ))}
        </SimpleGrid>
      )}
      {editing ? <TeamEditor editing={editing} onClose={() => setEditing(null)} /> : null}
    </Stack>
  );
}

function TeamCard({ team, canEdit, onEdit }: { team: TeamResponse; canEdit: boolean; onEdit: () => void }) {
  const remove = useDeleteTeam();
  const headingId = `team-${team.id}-name`;
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby={headingId}
      data-testid={`team-${team.id}`}
    >
      <Stack gap="xs">
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
            <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit ${team.name}`}>
              Edit
            </Button>
            <ConfirmButton
              label="Delete"
              ariaLabel={`Delete ${team.name}`}
              title={`Delete ${team.name}?`}
              message="The team is removed. A team that an assignment rule uses cannot be deleted until the rule changes."
              confirmLabel="Delete team"
              danger
              pending={remove.isPending}
              error={remove.error}
              onConfirm={(done) => remove.mutate(team.id, { onSuccess: done })}
              testId={`team-delete-${team.id}`}
            />
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

function TeamEditor({ editing, onClose }: { editing: NonNullable<Editing>; onClose: () => void }) {
  const small = useMediaQuery('(max-width: 36em)');
  const assignees = useAssignees();
  const [name, setName] = useState(editing.kind === 'edit' ? editing.team.name : '');
  const [members, setMembers] = useState<string[]>(
    editing.kind === 'edit' ? editing.team.members.map((m) => String(m.accountId)) : [],
  );
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const mutation = editing.kind === 'edit' ? update : create;
  const errors = fieldErrorsOf(mutation.error, 'name');

  // Everyone who can be added, plus current members who no longer can (so they are not dropped unseen).
  const options = useMemo(() => {
    const list = (assignees.data?.items ?? []).map((a) => ({
      value: String(a.accountId),
      label: `${a.name} (${a.email})`,
    }));
    const known = new Set(list.map((o) => o.value));
    if (editing.kind === 'edit') {
      for (const m of editing.team.members) {
        if (!known.has(String(m.accountId)))
          list.push({ value: String(m.accountId), label: `${m.name} (inactive)` });
      }
    }
    return list;
  }, [assignees.data, editing]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name, memberAccountIds: members.map(Number) };
    if (editing.kind === 'edit') update.mutate({ id: editing.team.id, patch: body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={editing.kind === 'edit' ? `Edit ${editing.team.name}` : 'New team'}
      size="lg"
      fullScreen={small}
    >
      <form onSubmit={submit} noValidate aria-label="Team">
        <Stack gap="md">
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              if (mutation.isError) mutation.reset();
            }}
            error={errors.name}
            required
            maxLength={80}
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
              if (mutation.isError) mutation.reset();
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
          {mutation.isError ? (
            <SaveError
              error={mutation.error}
              shown={['name', 'memberAccountIds']}
              title="The team was not saved"
              conflictShown
            />
          ) : null}
          <FormButtons
            onCancel={onClose}
            pending={mutation.isPending}
            submitLabel={editing.kind === 'edit' ? 'Save team' : 'Add team'}
            testId="team-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}
