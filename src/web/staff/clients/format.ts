import type { Branding } from '../../../shared/schemas/settings.ts';
import { formatDate } from '../../ui/format-date.ts';

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
