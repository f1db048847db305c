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
import { useTranslation } from 'react-i18next';
import { ticketPriorityKeys, ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import {
  pausableStatuses,
  SLA_MINUTES_MAX,
  type SlaPolicyResponse,
  slaPolicyBody,
} from '../../../shared/schemas/support-config.ts';
import { ticketPriorities } from '../../../shared/schemas/tickets.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { type BoundFormat, useFormat } from '../../ui/i18n/use-format.ts';
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

type Translate = ReturnType<typeof useTranslation>['t'];

/**
 * A target in words: elapsed time for a 24x7 calendar ("1 day", "4 hr"), business time otherwise, which
 * is never counted in days ("8 hours of business time").
 */
function durationText(minutes: number, alwaysOpen: boolean, format: BoundFormat, t: Translate): string {
  if (alwaysOpen) return format.duration(minutes * 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const unit = (value: number, name: 'hour' | 'minute') =>
    format.number(value, { style: 'unit', unit: name, unitDisplay: rest && hours ? 'short' : 'long' });
  const duration =
    hours === 0
      ? unit(rest, 'minute')
      : rest === 0
        ? unit(hours, 'hour')
        : `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
  return t('staffAdmin:policies.businessTime', { duration });
}

export function PoliciesTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const policies = usePolicies();
  return (
    <ResourceTab
      intro={t('staffAdmin:policies.intro')}
      canEdit={canEdit}
      newLabel={t('staffAdmin:policies.new')}
      newTestId="policy-new"
      query={policies}
      loadingLabel={t('staffAdmin:policies.loading')}
      errorTitle={t('staffAdmin:policies.loadError')}
      empty={
        <EmptyState title={t('staffAdmin:policies.empty')} testId="policies-empty">
          {canEdit ? t('staffAdmin:policies.emptyEdit') : t('staffAdmin:policies.emptyView')}
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
  const { t } = useTranslation();
  const format = useFormat();
  const remove = useDeletePolicy();
  const makeDefault = useUpdatePolicy();
  const headingId = `policy-${policy.id}-name`;
  const words = (m: number) => durationText(m, policy.calendarAlwaysOpen, format, t);
  return (
    <ItemCard headingId={headingId} testId={`policy-${policy.id}`} gap="sm">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Title order={3} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }} dir="auto">
              {policy.name}
            </Title>
            {policy.isDefault ? (
              <Badge color="blue" variant="filled" data-testid="policy-default">
                {t('staffAdmin:policies.default')}
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed">
            {t('staffAdmin:policies.calendarLine', {
              calendar: policy.calendarAlwaysOpen
                ? t('staffAdmin:calendars.alwaysOpenName', { name: policy.calendarName })
                : policy.calendarName,
            })}{' '}
            {policy.pausingStatuses.length === 0
              ? t('staffAdmin:policies.neverPaused')
              : t('staffAdmin:policies.pausedWhile', {
                  statuses: policy.pausingStatuses.map((s) => t(ticketStatusKeys[s])).join(', '),
                })}
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
                aria-label={t('staffAdmin:policies.makeDefaultNamed', { name: policy.name })}
                data-testid={`policy-make-default-${policy.id}`}
              >
                {t('staffAdmin:policies.makeDefault')}
              </Button>
            ) : null}
            {!policy.isDefault ? (
              <DeleteButton
                name={policy.name}
                message={
                  policy.inUse ? t('staffAdmin:policies.deleteInUse') : t('staffAdmin:policies.deleteUnused')
                }
                confirmLabel={t('staffAdmin:policies.delete')}
                id={policy.id}
                remove={remove}
                testId={`policy-delete-${policy.id}`}
              />
            ) : null}
          </Group>
        ) : null}
      </Group>
      {makeDefault.isError ? (
        <SaveError error={makeDefault.error} title={t('staffAdmin:policies.notMadeDefault')} />
      ) : null}
      <Table.ScrollContainer minWidth={280}>
        <Table verticalSpacing={6} withTableBorder withColumnBorders>
          <Table.Caption>
            {policy.calendarAlwaysOpen
              ? t('staffAdmin:policies.captionElapsed', { name: policy.name })
              : t('staffAdmin:policies.captionBusiness', { name: policy.name })}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('staffAdmin:policies.priority')}</Table.Th>
              <Table.Th scope="col">{t('staffAdmin:policies.firstResponse')}</Table.Th>
              <Table.Th scope="col">{t('staffAdmin:policies.resolution')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ticketPriorities.map((p) => (
              <Table.Tr key={p}>
                <Table.Th scope="row" fw={500}>
                  {t(ticketPriorityKeys[p])}
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
  const { t } = useTranslation();
  const format = useFormat();
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
    ...(tried ? policyProblems(current, t) : {}),
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
    if (Object.keys(policyProblems(current, t)).length > 0) return;
    const body = policyBodyFrom(current);
    const { isDefault, ...rest } = body;
    // An edit only ever "makes default": the default stops being it when another takes over.
    const wasDefault = editing.kind === 'edit' && editing.item.isDefault;
    save(body, isDefault && !wasDefault ? { ...rest, isDefault: true } : rest);
  };

  const calendarOptions = (calendars.data?.items ?? []).map((c) => ({
    value: String(c.id),
    label: c.calendar.alwaysOpen ? t('staffAdmin:calendars.alwaysOpenName', { name: c.name }) : c.name,
  }));
  const shownKeys = Object.keys(errors).filter(
    (k) => k === 'name' || k === 'calendarId' || k.startsWith('targets.') || k.startsWith('pausingStatuses'),
  );
  const minutesField = (
    p: (typeof ticketPriorities)[number],
    part: 'responseMinutes' | 'resolutionMinutes',
  ) => {
    const value = draft.targets[p][part];
    const label =
      part === 'responseMinutes'
        ? t('staffAdmin:policies.responseField', { priority: t(ticketPriorityKeys[p]) })
        : t('staffAdmin:policies.resolutionField', { priority: t(ticketPriorityKeys[p]) });
    return (
      <NumberInput
        label={label}
        description={
          Number.isInteger(value) && value > 0
            ? `= ${durationText(value, alwaysOpen, format, t)}`
            : t('staffAdmin:policies.minutes')
        }
        suffix={t('staffAdmin:settings.suffixMinutes')}
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
      title={
        editing.kind === 'edit'
          ? t('staffAdmin:contacts.editNamed', { name: editing.item.name })
          : t('staffAdmin:policies.newTitle')
      }
      size="xl"
      formLabel={t('staffAdmin:policies.formLabel')}
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle={t('staffAdmin:policies.notSaved')}
      shown={shownKeys}
      conflictShown
      needsAttention={tried && Object.keys(errors).length > 0}
      submitLabel={editing.kind === 'edit' ? t('staffAdmin:policies.save') : t('staffAdmin:policies.add')}
      submitTestId="policy-save"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <LimitedTextInput
          label={t('staffAdmin:clients.form.name')}
          dir="auto"
          value={draft.name}
          onChange={(e) => change({ name: e.currentTarget.value })}
          error={errors.name}
          required
          maxLength={maxLengthOf(slaPolicyBody.shape.name)}
          data-autofocus
          data-testid="policy-name"
        />
        <Select
          label={t('staffAdmin:policies.calendar')}
          description={t('staffAdmin:policies.calendarHelp')}
          data={calendarOptions}
          value={calendarId === null ? null : String(calendarId)}
          onChange={(v) => change({ calendarId: v ? Number(v) : null })}
          allowDeselect={false}
          error={errors.calendarId ?? (calendars.isError ? t('staffAdmin:calendars.loadError') : undefined)}
          disabled={calendars.isPending}
          placeholder={
            calendars.isPending
              ? t('staffAdmin:support.loadingShort')
              : t('staffAdmin:policies.chooseCalendar')
          }
          data-testid="policy-calendar"
        />
      </SimpleGrid>
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {alwaysOpen ? t('staffAdmin:policies.targetsElapsed') : t('staffAdmin:policies.targetsBusiness')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('staffAdmin:policies.targetsHelp')}
        </Text>
        {ticketPriorities.map((p) => (
          <SimpleGrid key={p} cols={{ base: 1, sm: 2 }} data-testid={`policy-targets-${p}`}>
            {minutesField(p, 'responseMinutes')}
            {minutesField(p, 'resolutionMinutes')}
          </SimpleGrid>
        ))}
      </Stack>
      <Checkbox.Group
        label={t('staffAdmin:policies.pause')}
        description={t('staffAdmin:policies.pauseHelp')}
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
            <Checkbox key={s} value={s} label={t(ticketStatusKeys[s])} data-testid={`policy-pause-${s}`} />
          ))}
        </Group>
      </Checkbox.Group>
      {editing.kind === 'edit' && editing.item.isDefault ? (
        <Alert color="blue" variant="light">
          {t('staffAdmin:policies.isDefault')}
        </Alert>
      ) : (
        <Switch
          label={t('staffAdmin:policies.defaultSwitch')}
          description={t('staffAdmin:policies.defaultSwitchHelp')}
          checked={draft.isDefault}
          onChange={(e) => change({ isDefault: e.currentTarget.checked })}
          onLabel={t('staffAdmin:settings.on')}
          offLabel={t('staffAdmin:settings.off')}
          size="md"
          data-testid="policy-default-switch"
        />
      )}
    </EditDialog>
  );
}
