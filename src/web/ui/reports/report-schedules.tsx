import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  REPORT_RECIPIENTS_MAX,
  type ReportFormat,
  type ReportFrequency,
  type ReportKind,
  type ReportSchedule,
  reportFormats,
  reportFrequencies,
  reportKinds,
  reportScheduleBody,
} from '../../../shared/schemas/reports.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import {
  createReportSchedule,
  deleteReportSchedule,
  fetchReportSchedules,
  pauseReportSchedule,
  type ReportScope,
  reportKeys,
} from '../../api/reports.ts';
import { ConfirmButton } from '../confirm-button.tsx';
import { schemaText } from '../i18n/server-text.ts';
import { useFormat } from '../i18n/use-format.ts';
import { ErrorState, PageLoader, SubmitError } from '../states.tsx';

const reportWords: Record<ReportKind, string> = {
  summary: 'common:report.summaryTitle',
  activity: 'common:report.activityTitle',
};
const frequencyWords: Record<ReportFrequency, string> = {
  weekly: 'ui:reports.schedules.weekly',
  monthly: 'ui:reports.schedules.monthly',
  quarterly: 'ui:reports.schedules.quarterly',
};
const formatWords: Record<ReportFormat, string> = {
  pdf: 'ui:reports.schedules.pdf',
  csv: 'ui:reports.schedules.csv',
};

type Fields = Partial<Record<'recipients' | 'form', string>>;

/**
 * Reports sent on a schedule (issue 14, point 12), in both faces: the client's schedules with their
 * next run, pause and resume, removal, and a form for a new one (weekly, monthly or quarterly; PDF or
 * CSV; one to twenty recipients, each address checked where it was typed).
 */
export function ReportSchedules({ scope }: { scope: ReportScope }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: reportKeys.schedules(scope),
    queryFn: ({ signal }) => fetchReportSchedules(scope, signal),
  });
  return (
    <Stack gap="lg">
      <NewSchedule scope={scope} />
      <Stack gap="sm" component="section" aria-labelledby="schedules-title">
        <Title order={2} size="h4" id="schedules-title">
          {t('ui:reports.schedules.listTitle')}
        </Title>
        {list.isPending ? (
          <PageLoader label={t('ui:reports.schedules.loading')} />
        ) : list.isError ? (
          <ErrorState
            title={t('ui:reports.schedules.couldNotLoad')}
            error={list.error}
            onRetry={() => void list.refetch()}
          />
        ) : list.data.items.length === 0 ? (
          <Card withBorder padding="lg" data-testid="schedules-empty">
            <Text fw={600}>{t('ui:reports.schedules.emptyTitle')}</Text>
            <Text size="sm" c="dimmed">
              {t('ui:reports.schedules.empty')}
            </Text>
          </Card>
        ) : (
          <Stack gap="sm" data-testid="schedules-list">
            {list.data.items.map((s) => (
              <ScheduleCard key={s.id} scope={scope} schedule={s} />
            ))}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}

function ScheduleCard({ scope, schedule: s }: { scope: ReportScope; schedule: ReportSchedule }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: reportKeys.schedules(scope) });
  const pause = useMutation({
    mutationFn: (paused: boolean) => pauseReportSchedule(scope, s.id, paused),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => deleteReportSchedule(scope, s.id),
    onSuccess: refresh,
  });
  const title = t('ui:reports.schedules.what', {
    report: t(reportWords[s.report]),
    frequency: t(frequencyWords[s.frequency]),
    format: t(formatWords[s.format]),
  });
  return (
    <Card withBorder padding="md" data-testid="schedule-card" aria-label={title} component="article">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Text fw={600} data-testid="schedule-title">
            {title}
          </Text>
          <Badge
            variant="light"
            color={s.paused ? 'gray' : 'teal'}
            styles={{ label: { textTransform: 'none' } }}
            data-testid="schedule-state"
          >
            {s.paused ? t('ui:reports.schedules.paused') : t('ui:reports.schedules.active')}
          </Badge>
        </Group>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="schedule-recipient-list">
          {t('ui:reports.schedules.recipientsList', { count: s.recipients.length })}{' '}
          {s.recipients.map((r, i) => (
            <span key={r}>
              {i > 0 ? ', ' : ''}
              <bdi>{r}</bdi>
            </span>
          ))}
        </Text>
        <Text size="sm" c="dimmed">
          {s.paused || !s.nextRunAt ? (
            t('ui:reports.schedules.noNextRun')
          ) : (
            <>
              {t('ui:reports.schedules.nextRun')}{' '}
              <time dateTime={s.nextRunAt}>{format.dateTime(s.nextRunAt)}</time>
            </>
          )}
          {' · '}
          {s.lastSentAt ? (
            <>
              {t('ui:reports.schedules.lastSent')}{' '}
              <time dateTime={s.lastSentAt}>{format.dateTime(s.lastSentAt)}</time>
            </>
          ) : (
            t('ui:reports.schedules.neverSent')
          )}
        </Text>
        {pause.isError ? (
          <Alert color="red" variant="light" role="alert" title={t('ui:reports.schedules.pauseFailed')}>
            {errorMessage(pause.error)}
          </Alert>
        ) : null}
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            loading={pause.isPending}
            onClick={() => pause.mutate(!s.paused)}
            aria-label={
              s.paused
                ? t('ui:reports.schedules.resumeOne', { what: title })
                : t('ui:reports.schedules.pauseOne', { what: title })
            }
            data-testid={s.paused ? 'schedule-resume' : 'schedule-pause'}
          >
            {s.paused ? t('ui:reports.schedules.resume') : t('ui:reports.schedules.pause')}
          </Button>
          <ConfirmButton
            label={t('ui:reports.schedules.delete')}
            ariaLabel={t('ui:reports.schedules.deleteOne', { what: title })}
            title={t('ui:reports.schedules.deleteTitle')}
            message={t('ui:reports.schedules.deleteBody', { what: title })}
            confirmLabel={t('ui:reports.schedules.delete')}
            onConfirm={(done) => remove.mutate(undefined, { onSuccess: done })}
            pending={remove.isPending}
            error={remove.error}
            danger
            testId="schedule-delete"
          />
        </Group>
      </Stack>
    </Card>
  );
}

function NewSchedule({ scope }: { scope: ReportScope }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [report, setReport] = useState<ReportKind>('summary');
  const [frequency, setFrequency] = useState<ReportFrequency>('monthly');
  const [fileFormat, setFileFormat] = useState<ReportFormat>('pdf');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [fields, setFields] = useState<Fields>({});
  const [saved, setSaved] = useState(false);
  const create = useMutation({
    mutationFn: () => createReportSchedule(scope, { report, frequency, format: fileFormat, recipients }),
    onSuccess: async () => {
      setRecipients([]);
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: reportKeys.schedules(scope) });
    },
    onError: (error) => {
      if (error instanceof ApiError) setFields(fieldsFrom(error.fields, recipients));
    },
  });

  /** Per-field problems, naming the address each one is about. */
  function fieldsFrom(problems: Record<string, string>, sent: readonly string[]): Fields {
    const out: string[] = [];
    for (const [path, text] of Object.entries(problems)) {
      const m = /^recipients\.(\d+)$/.exec(path);
      const address = m ? sent[Number(m[1])] : undefined;
      if (path === 'recipients') out.push(text);
      else if (address !== undefined)
        out.push(t('ui:reports.schedules.addressProblem', { address, problem: text }));
    }
    return out.length ? { recipients: out.join(' ') } : {};
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const parsed = reportScheduleBody.safeParse({ report, frequency, format: fileFormat, recipients });
    if (!parsed.success) {
      const problems: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        problems[issue.path.join('.')] ??= schemaText(issue.message, issue);
      }
      setFields(fieldsFrom(problems, recipients));
      return;
    }
    setFields({});
    create.mutate();
  }

  const options = <T extends string>(values: readonly T[], words: Record<T, string>) =>
    values.map((v) => ({ value: v, label: t(words[v]) }));

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="schedule-new-title">
      <form onSubmit={submit} noValidate data-testid="schedule-form">
        <Stack gap="sm">
          <Title order={2} size="h4" id="schedule-new-title">
            {t('ui:reports.schedules.newTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {scope.kind === 'portal'
              ? t('ui:reports.schedules.introPortal')
              : t('ui:reports.schedules.introStaff')}
          </Text>
          {create.isError && !Object.keys(fields).length ? (
            <SubmitError title={t('ui:reports.schedules.createFailed')} error={create.error} />
          ) : null}
          {saved ? (
            <Alert color="teal" variant="light" role="status" data-testid="schedule-saved">
              {t('ui:reports.schedules.saved')}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select
              label={t('ui:reports.schedules.report')}
              data={options(reportKinds, reportWords)}
              value={report}
              onChange={(v) => v && setReport(v as ReportKind)}
              allowDeselect={false}
              data-testid="schedule-report"
            />
            <Select
              label={t('ui:reports.schedules.frequency')}
              data={options(reportFrequencies, frequencyWords)}
              value={frequency}
              onChange={(v) => v && setFrequency(v as ReportFrequency)}
              allowDeselect={false}
              data-testid="schedule-frequency"
            />
            <Select
              label={t('ui:reports.schedules.format')}
              data={options(reportFormats, formatWords)}
              value={fileFormat}
              onChange={(v) => v && setFileFormat(v as ReportFormat)}
              allowDeselect={false}
              data-testid="schedule-format"
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt={-4}>
            {t('ui:reports.schedules.frequencyHint')}
          </Text>
          <TagsInput
            label={t('ui:reports.schedules.recipients')}
            description={
              scope.kind === 'portal'
                ? t('ui:reports.schedules.recipientsHintPortal', { max: REPORT_RECIPIENTS_MAX })
                : t('ui:reports.schedules.recipientsHint', { max: REPORT_RECIPIENTS_MAX })
            }
            value={recipients}
            onChange={(v) => {
              setRecipients(v.map((r) => r.trim()).filter(Boolean));
              setFields({});
              setSaved(false);
            }}
            splitChars={[',', ';', ' ']}
            maxTags={REPORT_RECIPIENTS_MAX}
            clearable
            withAsterisk
            error={fields.recipients}
            data-testid="schedule-recipients"
          />
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="schedule-create">
              {t('ui:reports.schedules.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
