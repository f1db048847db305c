import type { Branding } from '../../../shared/schemas/settings.ts';
import { formatDate } from '../format-date.ts';

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

/** Length in characters as the server counts it (code points, so an emoji is one). */
export function characterCount(value: string): number {
  return [...value].length;
}
