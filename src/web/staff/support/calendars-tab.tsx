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
import { useTranslation } from 'react-i18next';
import type { SlaCalendarResponse } from '../../../shared/schemas/support-config.ts';
import { slaCalendarBody } from '../../../shared/schemas/support-config.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { useViewerLocale } from '../../ui/i18n/locale-context.ts';
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
  weekdayName,
  weekdayOrder,
  weekSummary,
} from './calendar-form.ts';
import { DeleteButton, EditButton, EmptyState, fieldErrorsOf, ItemCard } from './parts.tsx';
import { EditDialog, type Editing, ResourceTab, useSave } from './resource-tab.tsx';

export function CalendarsTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const calendars = useCalendars();
  return (
    <ResourceTab
      intro={t('staffAdmin:calendars.intro')}
      canEdit={canEdit}
      newLabel={t('staffAdmin:calendars.new')}
      newTestId="calendar-new"
      query={calendars}
      loadingLabel={t('staffAdmin:calendars.loading')}
      errorTitle={t('staffAdmin:calendars.loadError')}
      empty={
        <EmptyState title={t('staffAdmin:calendars.empty')} testId="calendars-empty">
          {canEdit ? t('staffAdmin:calendars.emptyEdit') : t('staffAdmin:calendars.emptyView')}
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
  const { t } = useTranslation();
  const { language } = useViewerLocale();
  const remove = useDeleteCalendar();
  const headingId = `calendar-${calendar.id}-name`;
  return (
    <ItemCard headingId={headingId} testId={`calendar-${calendar.id}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Title order={3} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }} dir="auto">
          {calendar.name}
        </Title>
        {calendar.calendar.alwaysOpen ? (
          <Badge color="blue" variant="light">
            {t('staffAdmin:calendars.badge247')}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm">
        <Text span fw={600}>
          {t('staffAdmin:calendars.timeZoneLabel')}
        </Text>{' '}
        {calendar.calendar.timeZone}
      </Text>
      <Text size="sm">
        <Text span fw={600}>
          {t('staffAdmin:calendars.hoursLabel')}
        </Text>{' '}
        <span dir="ltr">{weekSummary(calendar.calendar, t, language)}</span>
      </Text>
      {!calendar.calendar.alwaysOpen ? (
        <Text size="sm">
          <Text span fw={600}>
            {t('staffAdmin:calendars.holidaysLabel')}
          </Text>{' '}
          {calendar.calendar.holidays.length === 0
            ? t('staffAdmin:calendars.noneHolidays')
            : calendar.calendar.holidays.join(', ')}
        </Text>
      ) : null}
      <Text size="sm" c="dimmed">
        {calendar.policies.length === 0
          ? t('staffAdmin:calendars.unused')
          : t('staffAdmin:calendars.usedBy', { policies: calendar.policies.map((p) => p.name).join(', ') })}
      </Text>
      {canEdit ? (
        <Group gap="xs">
          <EditButton name={calendar.name} onEdit={onEdit} />
          <DeleteButton
            name={calendar.name}
            message={
              calendar.policies.length > 0
                ? t('staffAdmin:calendars.deleteInUse')
                : t('staffAdmin:calendars.deleteUnused')
            }
            confirmLabel={t('staffAdmin:calendars.delete')}
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
  const { t } = useTranslation();
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
      title={
        editing.kind === 'edit'
          ? t('staffAdmin:contacts.editNamed', { name: editing.item.name })
          : t('staffAdmin:calendars.newTitle')
      }
      size="xl"
      formLabel={t('staffAdmin:policies.calendar')}
      onClose={onClose}
      onSubmit={submit}
      mutation={mutation}
      errorTitle={t('staffAdmin:calendars.notSaved')}
      shown={shownKeys}
      conflictShown
      needsAttention={tried && hasProblems}
      submitLabel={editing.kind === 'edit' ? t('staffAdmin:calendars.save') : t('staffAdmin:calendars.add')}
      submitTestId="calendar-save"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <LimitedTextInput
          label={t('staffAdmin:clients.form.name')}
          dir="auto"
          value={draft.name}
          onChange={(e) => change({ name: e.currentTarget.value })}
          error={errors.name}
          required
          maxLength={maxLengthOf(slaCalendarBody.shape.name)}
          data-autofocus
          data-testid="calendar-name"
        />
        <Select
          label={t('staffAdmin:clients.form.timeZone')}
          description={t('staffAdmin:calendars.timeZoneHelp')}
          data={timeZones}
          searchable
          allowDeselect={false}
          nothingFoundMessage={t('staffAdmin:locale.noTimeZone')}
          value={draft.timeZone}
          onChange={(v) => v && change({ timeZone: v })}
          error={errors['calendar.timeZone']}
          data-testid="calendar-time-zone"
        />
      </SimpleGrid>
      <Switch
        label={t('staffAdmin:calendars.alwaysOpen')}
        description={t('staffAdmin:calendars.alwaysOpenHelp')}
        checked={draft.alwaysOpen}
        onChange={(e) => change({ alwaysOpen: e.currentTarget.checked })}
        onLabel={t('staffAdmin:settings.on')}
        offLabel={t('staffAdmin:settings.off')}
        size="md"
        data-testid="calendar-always-open"
      />
      {!draft.alwaysOpen ? (
        <>
          <Fieldset legend={t('staffAdmin:calendars.weekly')}>
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {t('staffAdmin:calendars.weeklyHelp')}
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
          <Fieldset legend={t('staffAdmin:calendars.holidays')}>
            <Stack gap="xs">
              {draft.holidays.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('staffAdmin:calendars.noHolidays')}
                </Text>
              ) : null}
              {draft.holidays.map(({ key, date }, index) => (
                <Group key={key} gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput
                    type="date"
                    label={t('staffAdmin:calendars.holiday', { number: index + 1 })}
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
                    aria-label={
                      date
                        ? t('staffAdmin:calendars.removeHolidayDated', { number: index + 1, date })
                        : t('staffAdmin:calendars.removeHoliday', { number: index + 1 })
                    }
                    mb={holidayErrors[index] ? 22 : 0}
                  >
                    {t('staffAdmin:calendars.remove')}
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
                  {t('staffAdmin:calendars.addHoliday')}
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
  { part: 'start', label: 'staffAdmin:calendars.from', placeholder: '09:00' },
  { part: 'end', label: 'staffAdmin:calendars.until', placeholder: '17:00' },
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
  const { t } = useTranslation();
  const { language } = useViewerLocale();
  const name = weekdayName(day, language);
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
            {t('staffAdmin:calendars.closed')}
          </Badge>
        ) : null}
      </Group>
      {intervals.map((interval, index) => (
        <Group key={interval.key} gap="xs" align="flex-start" wrap="wrap">
          {timeFields.map(({ part, label, placeholder }) => (
            <TextInput
              key={part}
              label={t(label)}
              aria-label={t('staffAdmin:calendars.dayField', { day: name, field: t(label) })}
              dir="ltr"
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
            aria-label={t('staffAdmin:calendars.removeHours', {
              day: name,
              start: interval.start,
              end: interval.end,
            })}
          >
            <span aria-hidden="true">×</span>
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={add}
          aria-label={t('staffAdmin:calendars.addHoursOn', { day: name })}
        >
          {intervals.length === 0 ? t('staffAdmin:calendars.openDay') : t('staffAdmin:calendars.addHours')}
        </Button>
      </Group>
    </Stack>
  );
}
