import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  durationWords,
  pausableStatuses,
  pausableStatusLabels,
  SLA_MINUTES_MAX,
  type SlaPolicyResponse,
  slaPolicyBody,
} from '../../../shared/schemas/support-config.ts';
import { ticketPriorities, ticketPriorityLabels } from '../../../shared/schemas/tickets.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { useCalendars, useCreatePolicy, useDeletePolicy, usePolicies, useUpdatePolicy } from './api.ts';
import { DeleteButton, EditButton, EmptyState, fieldErrorsOf, ItemCard, SaveError } from './parts.tsx';
import {
  newPolicyDraft,
  type PolicyDraft,
  policyBodyFrom,
  policyDraftFrom,
  policyProblems,
} from './policy-form.ts';
import { EditDialog, type Editing, ResourceTab, useSave } from './resource-tab.tsx';

export function PoliciesTab({ canEdit }: { canEdit: boolean }) {
  const policies = usePolicies();
  return (
    <ResourceTab
      intro={
        <>
          First-response and resolution targets per priority, counted in the business hours of a calendar. The
          default policy applies to every client until contracts choose one. A ticket keeps the targets it was
          given, so changing a policy only affects new tickets.
        </>
      }
      canEdit={canEdit}
      newLabel="New policy"
      newTestId="policy-new"
      query={policies}
      loadingLabel="Loading SLA policies"
      errorTitle="Could not load the SLA policies"
      empty={
        <EmptyState title="No SLA policies yet" testId="policies-empty">
          Without a policy, tickets have no SLA timers.
          {canEdit ? ' Add one; the first becomes the default.' : ''}
        </EmptyState>
      }
      editor={(editing: Editing<SlaPolicyResponse>, onClose) => (
        <PolicyEditor editing={editing} onClose={onClose} />
      )}
    >
      {(data, edit) => (
        <Stack gap="md">
          {data.items.map((policy) => (
            <PolicyCard key={policy.id} policy={policy} canEdit={canEdit} onEdit={() => edit(policy)} />
          ))}
        </Stack>
      )}
    </ResourceTab>
  );
}

function PolicyCard({
  policy,
  canEdit,
  onEdit,
}: {
  policy: SlaPolicyResponse;
  canEdit: boolean;
  onEdit: () => void;
}) {
  const remove = useDeletePolicy();
  const makeDefault = useUpdatePolicy();
  const headingId = `policy-${policy.id}-name`;
  const words = (m: number) => durationWords(m, policy.calendarAlwaysOpen);
  return (
    <ItemCard headingId={headingId} testId={`policy-${policy.id}`} gap="sm">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Title order={3} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }}>
              {policy.name}
            </Title>
            {policy.isDefault ? (
              <Badge color="blue" variant="filled" data-testid="policy-default">
                Default
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed">
            Calendar: {policy.calendarName}
            {policy.calendarAlwaysOpen ? ' (24x7)' : ''}. Clock paused while:{' '}
            {policy.pausingStatuses.length === 0
              ? 'never paused'
              : policy.pausingStatuses.map((s) => pausableStatusLabels[s]).join(', ')}
            .
          </Text>
        </Stack>
        {canEdit ? (
          <Group gap="xs">
            <EditButton name={policy.name} onEdit={onEdit} />
            {!policy.isDefault ? (
              <Button
                size="xs"
                variant="light"
                loading={makeDefault.isPending}
                onClick={() => makeDefault.mutate({ id: policy.id, patch: { isDefault: true } })}
                aria-label={`Make ${policy.name} the default`}
                data-testid={`policy-make-default-${policy.id}`}
              >
                Make default
              </Button>
            ) : null}
            {!policy.isDefault ? (
              <DeleteButton
                name={policy.name}
                message={
                  policy.inUse
                    ? 'Tickets are measured by this policy, so it cannot be deleted.'
                    : 'No ticket uses this policy. It is removed for good.'
                }
                confirmLabel="Delete policy"
                id={policy.id}
                remove={remove}
                testId={`policy-delete-${policy.id}`}
              />
            ) : null}
          </Group>
        ) : null}
      </Group>
      {makeDefault.isError ? <SaveError error={makeDefault.error} title="Not made the default" /> : null}
      <Table.ScrollContainer minWidth={280}>
        <Table verticalSpacing={6} withTableBorder withColumnBorders>
          <Table.Caption>
            Targets of {policy.name}, in {policy.calendarAlwaysOpen ? 'elapsed' : 'business'} time
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Priority</Table.Th>
              <Table.Th scope="col">First response</Table.Th>
              <Table.Th scope="col">Resolution</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ticketPriorities.map((p) => (
              <Table.Tr key={p}>
                <Table.Th scope="row" fw={500}>
                  {ticketPriorityLabels[p]}
                </Table.Th>
                <Table.Td>{words(policy.targets[p].responseMinutes)}</Table.Td>
                <Table.Td>{words(policy.targets[p].resolutionMinutes)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </ItemCard>
  );
}

function PolicyEditor({ editing, onClose }: { editing: Editing<SlaPolicyResponse>; onClose: () => void }) {
  const calendars = useCalendars();
  const firstCalendar = calendars.data?.items[0]?.id ?? null;
  const [draft, setDraft] = useState<PolicyDraft>(() =>
    editing.kind === 'edit' ? policyDraftFrom(editing.item) : newPolicyDraft(firstCalendar),
  );
  const [tried, setTried] = useState(false);
  const { mutation, save, clearError } = useSave(editing, useCreatePolicy, useUpdatePolicy, onClose);
  const calendarId = draft.calendarId ?? firstCalendar;
  const current = { ...draft, calendarId };
  const alwaysOpen = calendars.data?.items.find((c) => c.id === calendarId)?.calendar.alwaysOpen ?? false;

  const errors: Record<string, string> = {
    ...fieldErrorsOf(mutation.error, 'name'),
    ...(tried ? policyProblems(current) : {}),
  };
  const change = (next: Partial<PolicyDraft>) => {
    setDraft((d) => ({ ...d, ...next }));
    clearError();
  };
  const setTarget = (
    p: (typeof ticketPriorities)[number],
    part: 'responseMinutes' | 'resolutionMinutes',
    v: number | string,
  ) =>
    change({
      targets: {
        ...draft.targets,
        [p]: { ...draft.targets[p], [part]: typeof v === 'number' ? v : Number.NaN },
      },
    });

  const submit = () => {
    setTried(true);
    if (Object.keys(policyProblems(current)).length > 0) return;
    const body = policyBodyFrom(current);
    const { isDefault, ...rest } = body;
    // An edit only ever "makes default": the default stops being it when another takes over.
    const wasDefault = editing.kind === 'edit' && editing.item.isDefault;
    save(body, isDefault && !wasDefault ? { ...rest, isDefault: true } : rest);
  };

  const calendarOptions = (calendars.data?.items ?? []).map((c) => ({
    value: String(c.id),
    label: c.calendar.alwaysOpen ? `${c.name} (24x7)` : c.name,
  }));
  const shownKeys = Object.keys(errors).filter(
    (k) => k === 'name' || k === 'calendarId' || k.startsWith('targets.') || k.startsWith('pausingStatuses'),
  );
  const minutesField = (
    p: (typeof ticketPriorities)[number],
    part: 'responseMinutes' | 'resolutionMinutes',
  ) => {
    const value = draft.targets[p][part];
    const label = `${ticketPriorityLabels[p]}: ${part === 'responseMinutes' ? 'first response' : 'resolution'}`;
    return (
      <NumberInput
        label={label}
        description={
          Number.isInteger(value) && value > 0 ? `= ${durationWords(value, alwaysOpen)}` : 'Minutes'
        }
        suffix=" min"
        min={1}
        max={SLA_MINUTES_MAX}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        value={Number.isNaN(value) ? '' : value}
        onChange={(v) => setTarget(p, part, v)}
        error={errors[`targets.${p}.${part}`] ?? errors[`targets.${p}`]}
        data-testid={`policy-${p}-${part}`}
      />
    );
  };

  return (
    <EditDialog
      title={editing.kind === 'edit' ? `Edit ${editing.item.name}` : 'New SLA policy'}
      size="xl"
      formLabel="SLA policy"
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle="The policy was not saved"
      shown={shownKeys}
      conflictShown
      needsAttention={tried && Object.keys(errors).length > 0}
      submitLabel={editing.kind === 'edit' ? 'Save policy' : 'Add policy'}
      submitTestId="policy-save"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <LimitedTextInput
          label="Name"
          value={draft.name}
          onChange={(e) => change({ name: e.currentTarget.value })}
          error={errors.name}
          required
          maxLength={maxLengthOf(slaPolicyBody.shape.name)}
          data-autofocus
          data-testid="policy-name"
        />
        <Select
          label="Business-hours calendar"
          description="The clock runs during these hours"
          data={calendarOptions}
          value={calendarId === null ? null : String(calendarId)}
          onChange={(v) => change({ calendarId: v ? Number(v) : null })}
          allowDeselect={false}
          error={errors.calendarId ?? (calendars.isError ? 'Could not load the calendars' : undefined)}
          disabled={calendars.isPending}
          placeholder={calendars.isPending ? 'Loading…' : 'Choose a calendar'}
          data-testid="policy-calendar"
        />
      </SimpleGrid>
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Targets, in minutes of {alwaysOpen ? 'elapsed' : 'business'} time
        </Text>
        <Text size="xs" c="dimmed">
          Whole minutes, at least 1. The first response must be due no later than the resolution.
        </Text>
        {ticketPriorities.map((p) => (
          <SimpleGrid key={p} cols={{ base: 1, sm: 2 }} data-testid={`policy-targets-${p}`}>
            {minutesField(p, 'responseMinutes')}
            {minutesField(p, 'resolutionMinutes')}
          </SimpleGrid>
        ))}
      </Stack>
      <Checkbox.Group
        label="Pause the clock while a ticket is"
        description="Time in these statuses does not count against the targets"
        value={draft.pausingStatuses}
        onChange={(v) =>
          change({ pausingStatuses: pausableStatuses.filter((s) => (v as string[]).includes(s)) })
        }
        error={
          errors.pausingStatuses ??
          Object.entries(errors).find(([k]) => k.startsWith('pausingStatuses.'))?.[1]
        }
      >
        <Group gap="md" mt="xs">
          {pausableStatuses.map((s) => (
            <Checkbox key={s} value={s} label={pausableStatusLabels[s]} data-testid={`policy-pause-${s}`} />
          ))}
        </Group>
      </Checkbox.Group>
      {editing.kind === 'edit' && editing.item.isDefault ? (
        <Alert color="blue" variant="light">
          This is the default policy. To change that, make another policy the default.
        </Alert>
      ) : (
        <Switch
          label="Make this the default policy"
          description="It applies to every client’s new tickets; the current default stops being it."
          checked={draft.isDefault}
          onChange={(e) => change({ isDefault: e.currentTarget.checked })}
          onLabel="ON"
          offLabel="OFF"
          size="md"
          data-testid="policy-default-switch"
        />
      )}
    </EditDialog>
  );
}
