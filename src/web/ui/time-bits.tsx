import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeEntryStatus } from '../../shared/schemas/time.ts';
import { useFormat } from './i18n/use-format.ts';

export const timeStatusKeys: Record<TimeEntryStatus, `ui:${string}`> = {
  draft: 'ui:time.status.draft',
  submitted: 'ui:time.status.submitted',
  approved: 'ui:time.status.approved',
  invoiced: 'ui:time.status.invoiced',
};

const statusColours: Record<TimeEntryStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  approved: 'green',
  invoiced: 'violet',
};

export function TimeStatusBadge({ status }: { status: TimeEntryStatus }) {
  const { t } = useTranslation();
  return (
    // Never cut short ("A…") in a narrow table: the badge is as wide as its word, and the table scrolls.
    <Badge
      color={statusColours[status]}
      variant="light"
      miw="max-content"
      styles={{ label: { textTransform: 'none' } }}
    >
      {t(timeStatusKeys[status])}
    </Badge>
  );
}

/** Whole minutes as "1 hr 5 min" in the viewer's language; a reversal's negative minutes with a minus. */
export function useMinutes() {
  const format = useFormat();
  return (minutes: number) => `${minutes < 0 ? '−' : ''}${format.duration(Math.abs(minutes) * 60_000)}`;
}

/** A running clock "1:02:03" from an instant, ticking every second (the server keeps the start). */
export function Elapsed({ since }: { since: string }) {
  const format = useFormat();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const two = (n: number) => format.number(n, { minimumIntegerDigits: 2, useGrouping: false });
  const text = `${format.number(Math.floor(seconds / 3600), { useGrouping: false })}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
  return (
    <span dir="ltr" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="timer-elapsed">
      {text}
    </span>
  );
}
