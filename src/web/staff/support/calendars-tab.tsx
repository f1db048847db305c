import {
  ActionIcon,
  Badge,
  Button,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import type { SlaCalendarResponse } from '../../../shared/schemas/support-config.ts';
import { slaCalendarBody } from '../../../shared/schemas/support-config.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { withCurrent } from '../../ui/select-options.ts';
import { useCalendars, useCreateCalendar, useDeleteCalendar, useUpdateCalendar } from './api.ts';
import {
  bodyFrom,
  type CalendarDraft,
  calendarProblems,
  draftFrom,
  draftInterval,
  holidayRowOf,
  newCalendarDraft,
  rowKey,
  weekdayNames,
  weekdayOrder,
  weekSummary,
} from './calendar-form.ts';
import { DeleteButton, EditButton, EmptyState, fieldErrorsOf, ItemCard } from './parts.tsx';
import { EditDialog, type Editing, ResourceTab, useSave } from './resource-tab.tsx';

export function CalendarsTab({ canEdit }: { canEdit: boolean }) {
  const calendars = useCalendars();
  return (
    <ResourceTab
      intro={
        <>
          The hours during which SLA clocks run: weekly coverage in a time zone, minus holidays, or around the
          clock. Each SLA policy measures on one calendar.
        </>
      }
      canEdit={canEdit}
      newLabel="New calendar"
      newTestId="calendar-new"
      query={calendars}
      loadingLabel="Loading calendars"
      errorTitle="Could not load the calendars"
      empty={
        <EmptyState title="No business-hours calendars yet" testId="calendars-empty">
          {canEdit
            ? 'Add one, then choose it in an SLA policy.'
            : 'Someone with the right to change settings can add one.'}
        </EmptyState>
      }
      editor={(editing: Editing<SlaCalendarResponse>, onClose) => (
        <CalendarEditor editing={editing} onClose={onClose} />
      )}
    >
      {(data, edit) => (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {data.items.map((calendar) => (
            <CalendarCard
              key={calendar.id}
              calendar={calendar}
              canEdit={canEdit}
              onEdit={() => edit(calendar)}
            />
          ))}
        </SimpleGrid>
      )}
    </ResourceTab>
  );
}

function CalendarCard({
  calendar,
  canEdit,
  onEdit,
}: {
  calendar: SlaCalendarResponse;
  canEdit: boolean;
  onEdit: () => void;
}) {
  const remove = useDeleteCalendar();
  const headingId = `calendar-${calendar.id}-name`;
  return (
    <ItemCard headingId={headingId} testId={`calendar-${calendar.id}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Title order={3} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }}>
          {calendar.name}
        </Title>
        {calendar.calendar.alwaysOpen ? (
          <Badge color="blue" variant="light">
            24x7
          </Badge>
        ) : null}
      </Group>
      <Text size="sm">
        <Text span fw={600}>
          Time zone:
        </Text>{' '}
        {calendar.calendar.timeZone}
      </Text>
      <Text size="sm">
        <Text span fw={600}>
          Hours:
        </Text>{' '}
        {weekSummary(calendar.calendar)}
      </Text>
      {!calendar.calendar.alwaysOpen ? (
        <Text size="sm">
          <Text span fw={600}>
            Holidays:
          </Text>{' '}
          {calendar.calendar.holidays.length === 0 ? 'none' : calendar.calendar.holidays.join(', ')}
        </Text>
      ) : null}
      <Text size="sm" c="dimmed">
        {calendar.policies.length === 0
          ? 'No SLA policy uses this calendar.'
          : `Used by ${calendar.policies.map((p) => `“${p.name}”`).join(', ')}.`}
      </Text>
      {canEdit ? (
        <Group gap="xs">
          <EditButton name={calendar.name} onEdit={onEdit} />
          <DeleteButton
            name={calendar.name}
            message={
              calendar.policies.length > 0
                ? 'Policies use this calendar, so it cannot be deleted until they use another one.'
                : 'The calendar is removed. No policy uses it.'
            }
            confirmLabel="Delete calendar"
            id={calendar.id}
            remove={remove}
            testId={`calendar-delete-${calendar.id}`}
          />
        </Group>
      ) : null}
    </ItemCard>
  );
}

function CalendarEditor({
  editing,
  onClose,
}: {
  editing: Editing<SlaCalendarResponse>;
  onClose: () => void;
}) {
  const branding = useBrandingContext();
  const [draft, setDraft] = useState<CalendarDraft>(() =>
    editing.kind === 'edit'
      ? draftFrom(editing.item.name, editing.item.calendar)
      : newCalendarDraft(branding.timeZone || 'UTC'),
  );
  const [tried, setTried] = useState(false);
  const { mutation, save, clearError } = useSave(editing, useCreateCalendar, useUpdateCalendar, onClose);
  const timeZones = useMemo(
    () =>
      withCurrent(['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')], draft.timeZone),
    [draft.timeZone],
  );

  const local = tried ? calendarProblems(draft) : {};
  const server = fieldErrorsOf(mutation.error, 'name');
  const errors: Record<string, string> = { ...server, ...local };
  // Holiday messages are keyed by the sorted list sent; show each at the row it came from.
  const holidayErrors: Record<number, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const match = /^calendar\.holidays\.(\d+)$/.exec(key);
    if (match) holidayErrors[holidayRowOf(draft, Number(match[1]))] = message;
  }

  const change = (next: Partial<CalendarDraft>) => {
    setDraft((d) => ({ ...d, ...next }));
    clearError();
  };
  const setDay = (day: number, intervals: CalendarDraft['weekly'][number]) =>
    change({ weekly: draft.weekly.map((d, i) => (i === day ? intervals : d)) });

  const submit = () => {
    setTried(true);
    if (Object.keys(calendarProblems(draft)).length > 0) return;
    const body = bodyFrom(draft);
    save(body, body);
  };

  const shownKeys = Object.keys(errors).filter(
    (k) =>
      k === 'name' ||
      k === 'calendar.timeZone' ||
      k.startsWith('calendar.weekly.') ||
      k.startsWith('calendar.holidays.'),
  );
  const hasProblems = Object.keys(errors).length > 0;

  return (
    <EditDialog
      title={editing.kind === 'edit' ? `Edit ${editing.item.name}` : 'New business-hours calendar'}
      size="xl"
      formLabel="Business-hours calendar"
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle="The calendar was not saved"
      shown={shownKeys}
      conflictShown
      needsAttention={tried && hasProblems}
      submitLabel={editing.kind === 'edit' ? 'Save calendar' : 'Add calendar'}
      submitTestId="calendar-save"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <LimitedTextInput
          label="Name"
          value={draft.name}
          onChange={(e) => change({ name: e.currentTarget.value })}
          error={errors.name}
          required
          maxLength={maxLengthOf(slaCalendarBody.shape.name)}
          data-autofocus
          data-testid="calendar-name"
        />
        <Select
          label="Time zone"
          description="Hours and holidays are read in this zone"
          data={timeZones}
          searchable
          allowDeselect={false}
          nothingFoundMessage="No time zone matches"
          value={draft.timeZone}
          onChange={(v) => v && change({ timeZone: v })}
          error={errors['calendar.timeZone']}
          data-testid="calendar-time-zone"
        />
      </SimpleGrid>
      <Switch
        label="Open around the clock (24x7)"
        description="SLA clocks run every hour of every day; weekly hours and holidays are ignored."
        checked={draft.alwaysOpen}
        onChange={(e) => change({ alwaysOpen: e.currentTarget.checked })}
        onLabel="ON"
        offLabel="OFF"
        size="md"
        data-testid="calendar-always-open"
      />
      {!draft.alwaysOpen ? (
        <>
          <Fieldset legend="Weekly hours">
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                Times are 24-hour HH:MM, for example 08:30; use 24:00 for midnight at the end of a day.
              </Text>
              {errors['calendar.weekly'] ? (
                <Text size="sm" c="red" role="alert">
                  {errors['calendar.weekly']}
                </Text>
              ) : null}
              {weekdayOrder.map((day) => (
                <DayHours
                  key={day}
                  day={day}
                  intervals={draft.weekly[day] ?? []}
                  onChange={(intervals) => setDay(day, intervals)}
                  errorOf={(index, part) => errors[`calendar.weekly.${day}.${index}.${part}`]}
                />
              ))}
            </Stack>
          </Fieldset>
          <Fieldset legend="Holidays (closed all day)">
            <Stack gap="xs">
              {draft.holidays.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No holidays. Add the days your team does not work, such as public holidays.
                </Text>
              ) : null}
              {draft.holidays.map(({ key, date }, index) => (
                <Group key={key} gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput
                    type="date"
                    label={`Holiday ${index + 1}`}
                    value={date}
                    onChange={(e) =>
                      change({
                        holidays: draft.holidays.map((h, i) =>
                          i === index ? { key: h.key, date: e.currentTarget.value } : h,
                        ),
                      })
                    }
                    error={holidayErrors[index]}
                    style={{ flex: '1 1 180px' }}
                    data-testid={`calendar-holiday-${index}`}
                  />
                  <Button
                    variant="default"
                    onClick={() => change({ holidays: draft.holidays.filter((_, i) => i !== index) })}
                    aria-label={`Remove holiday ${index + 1}${date ? ` (${date})` : ''}`}
                    mb={holidayErrors[index] ? 22 : 0}
                  >
                    Remove
                  </Button>
                </Group>
              ))}
              <Group>
                <Button
                  variant="light"
                  size="xs"
                  onClick={() => change({ holidays: [...draft.holidays, { key: rowKey(), date: '' }] })}
                  data-testid="calendar-add-holiday"
                >
                  Add holiday
                </Button>
              </Group>
            </Stack>
          </Fieldset>
        </>
      ) : null}
    </EditDialog>
  );
}

const timeFields = [
  { part: 'start', label: 'From', placeholder: '09:00' },
  { part: 'end', label: 'Until', placeholder: '17:00' },
] as const;

function DayHours({
  day,
  intervals,
  onChange,
  errorOf,
}: {
  day: number;
  intervals: CalendarDraft['weekly'][number];
  onChange: (next: CalendarDraft['weekly'][number]) => void;
  errorOf: (index: number, part: 'start' | 'end') => string | undefined;
}) {
  const name = weekdayNames[day] ?? '';
  const set = (index: number, part: 'start' | 'end', value: string) =>
    onChange(intervals.map((i, k) => (k === index ? { ...i, [part]: value } : i)));
  const add = () => {
    const last = intervals.at(-1);
    // A new stretch starts where the last one ends (for example after a lunch break, edit its start).
    const next = !last
      ? draftInterval('09:00', '17:00')
      : last.end === '24:00'
        ? draftInterval('', '')
        : draftInterval(last.end, '24:00');
    onChange([...intervals, next]);
  };
  return (
    <Stack gap={4} data-testid={`calendar-day-${day}`}>
      <Group justify="space-between" gap="xs">
        <Text fw={600} size="sm">
          {name}
        </Text>
        {intervals.length === 0 ? (
          <Badge color="gray" variant="outline">
            Closed
          </Badge>
        ) : null}
      </Group>
      {intervals.map((interval, index) => (
        <Group key={interval.key} gap="xs" align="flex-start" wrap="wrap">
          {timeFields.map(({ part, label, placeholder }) => (
            <TextInput
              key={part}
              label={label}
              aria-label={`${name} ${label.toLowerCase()}`}
              value={interval[part]}
              onChange={(e) => set(index, part, e.currentTarget.value)}
              error={errorOf(index, part)}
              size="sm"
              inputMode="numeric"
              placeholder={placeholder}
              maxLength={5}
              style={{ flex: '1 1 120px' }}
            />
          ))}
          <ActionIcon
            variant="default"
            size="lg"
            mt={24}
            onClick={() => onChange(intervals.filter((_, k) => k !== index))}
            aria-label={`Remove ${name} hours ${interval.start}–${interval.end}`}
          >
            <span aria-hidden="true">×</span>
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button variant="subtle" size="compact-sm" onClick={add} aria-label={`Add hours on ${name}`}>
          {intervals.length === 0 ? 'Open this day' : 'Add hours'}
        </Button>
      </Group>
    </Stack>
  );
}
