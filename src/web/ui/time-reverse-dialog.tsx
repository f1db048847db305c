import { Button, Checkbox, Group, Modal, NumberInput, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TIME_NOTE_MAX, type TimeEntryResponse } from '../../shared/schemas/time.ts';
import { ApiError } from '../api/client.ts';
import { timeCalls } from '../api/time.ts';
import { useFormat } from './i18n/use-format.ts';
import { SubmitError } from './states.tsx';
import { useMinutes } from './time-bits.tsx';

/**
 * Correcting an approved (or invoiced) entry (issue 14, point 5), from the ticket page and the timesheet:
 * the reason is required and goes on the reversing entry; the corrected time, when entered, is sent in the
 * same request, which the server writes in one transaction (the reversal and the new draft together, or
 * nothing). A refused request leaves the entry as it was and the dialog open with what was typed.
 */
export function TimeReverseDialog({
  entry,
  onClose,
  onDone,
}: {
  entry: TimeEntryResponse;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const minutes = useMinutes();
  const small = useMediaQuery('(max-width: 36em)');
  const [reason, setReason] = useState('');
  const [correct, setCorrect] = useState(false);
  const [mins, setMins] = useState<number | ''>(entry.actualMinutes);
  const [note, setNote] = useState(entry.note);
  const [billable, setBillable] = useState(entry.billable);
  const [reasonMissing, setReasonMissing] = useState(false);
  const reverse = useMutation({
    mutationFn: () =>
      timeCalls.reverse(entry.id, {
        note: reason,
        corrected: correct ? { minutes: mins === '' ? Number.NaN : mins, note, billable } : null,
      }),
    onSuccess: onDone,
  });
  const fields = reverse.error instanceof ApiError ? reverse.error.fields : {};
  const fieldShown = ['note', 'corrected.minutes', 'corrected.note', 'corrected.billable'].some(
    (f) => fields[f],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Checked here too, so a forgotten reason costs no round trip; the server refuses it as well.
    if (reason.trim() === '') {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    reverse.mutate();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('ui:time.reverse.title')}
      fullScreen={small}
      data-testid="time-reverse-dialog"
    >
      <form onSubmit={submit} noValidate aria-label={t('ui:time.reverse.title')}>
        <Stack gap="sm">
          <Text size="sm">{t('ui:time.reverse.intro')}</Text>
          <Group gap="lg" wrap="wrap" data-testid="time-reverse-entry">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {t('ui:time.reverse.date')}
              </Text>
              <Text size="sm">
                <time dateTime={entry.entryDate}>{format.day(entry.entryDate)}</time>
              </Text>
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {t('ui:time.reverse.who')}
              </Text>
              <Text size="sm" dir="auto">
                {entry.accountName}
              </Text>
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {t('ui:time.reverse.worked')}
              </Text>
              <Text size="sm">
                <time dateTime={`PT${entry.actualMinutes}M`}>{minutes(entry.actualMinutes)}</time>
              </Text>
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {t('ui:time.reverse.billed')}
              </Text>
              <Text size="sm">
                <time dateTime={`PT${entry.billedMinutes}M`}>{minutes(entry.billedMinutes)}</time>
                {entry.amountMinor !== null && entry.currency
                  ? ` · ${format.money(entry.amountMinor, entry.currency)}`
                  : null}
              </Text>
            </Stack>
          </Group>
          <Textarea
            label={t('ui:time.reverse.reason')}
            description={t('ui:time.reverse.reasonHelp')}
            required
            dir="auto"
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setReasonMissing(false);
            }}
            maxLength={TIME_NOTE_MAX}
            autosize
            minRows={2}
            error={reasonMissing ? t('errors:validation.reverseReason') : fields.note}
            data-testid="time-reverse-reason"
            data-autofocus
          />
          <Checkbox
            label={t('ui:time.reverse.correct')}
            checked={correct}
            onChange={(e) => setCorrect(e.currentTarget.checked)}
            data-testid="time-reverse-correct"
          />
          {correct ? (
            <Stack gap="xs" data-testid="time-reverse-corrected">
              <NumberInput
                label={t('ui:time.reverse.minutes')}
                min={1}
                max={1440}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                value={mins}
                onChange={(v) => setMins(typeof v === 'number' ? v : '')}
                error={fields['corrected.minutes']}
                data-testid="time-reverse-minutes"
              />
              <Textarea
                label={t('ui:time.reverse.note')}
                dir="auto"
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                maxLength={TIME_NOTE_MAX}
                autosize
                minRows={2}
                error={fields['corrected.note']}
              />
              <Switch
                label={t('ui:time.reverse.billable')}
                checked={billable}
                onChange={(e) => setBillable(e.currentTarget.checked)}
              />
            </Stack>
          ) : null}
          {reverse.isError && !fieldShown ? (
            <SubmitError
              title={t('ui:time.reverse.failed')}
              error={reverse.error}
              testId="time-reverse-error"
            />
          ) : null}
          <Group gap="sm" justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('ui:time.reverse.cancel')}
            </Button>
            <Button type="submit" color="red" loading={reverse.isPending} data-testid="time-reverse-save">
              {correct ? t('ui:time.reverse.submitCorrected') : t('ui:time.reverse.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
