import type { Branding, dateFormats } from '../../shared/schemas/settings.ts';

export type DateFormat = (typeof dateFormats)[number];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Calendar parts of an instant as seen in a time zone. */
function partsIn(instant: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** Formats the calendar date of `instant` in `timeZone` with one of the organisation's date formats. */
export function formatDate(instant: Date, format: DateFormat, timeZone = 'UTC'): string {
  const { year, month, day } = partsIn(instant, timeZone);
  const dd = String(day).padStart(2, '0');
  const mm = String(month).padStart(2, '0');
  switch (format) {
    case 'YYYY-MM-DD':
      return `${year}-${mm}-${dd}`;
    case 'DD/MM/YYYY':
      return `${dd}/${mm}/${year}`;
    case 'MM/DD/YYYY':
      return `${mm}/${dd}/${year}`;
    case 'DD.MM.YYYY':
      return `${dd}.${mm}.${year}`;
    case 'D MMM YYYY':
      return `${day} ${MONTHS[month - 1]} ${year}`;
  }
}

/** Date (in the organisation's format) and time of an instant, in the organisation's time zone. */
export function formatInstant(
  iso: string | null,
  branding: Pick<Branding, 'dateFormat' | 'timeZone'>,
): string {
  if (!iso) return '';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  try {
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: branding.timeZone,
      hour: '2-digit',
      minute: '2-digit',
    }).format(instant);
    return `${formatDate(instant, branding.dateFormat, branding.timeZone)} ${time}`;
  } catch {
    return instant.toISOString().slice(0, 16).replace('T', ' ');
  }
}

export function formatDay(iso: string, branding: Pick<Branding, 'dateFormat' | 'timeZone'>): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  try {
    return formatDate(instant, branding.dateFormat, branding.timeZone);
  } catch {
    return iso.slice(0, 10);
  }
}

/** "7 Mar 2026, 14:05" in the organisation's date format and time zone. */
export function formatDateTime(iso: string, branding: Pick<Branding, 'dateFormat' | 'timeZone'>): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  try {
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: branding.timeZone,
      hour: '2-digit',
      minute: '2-digit',
    }).format(instant);
    return `${formatDate(instant, branding.dateFormat, branding.timeZone)}, ${time}`;
  } catch {
    return instant.toISOString().replace('T', ' ').slice(0, 16);
  }
}
