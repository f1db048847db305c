import type { dateFormats } from '../../shared/schemas/settings.ts';

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
