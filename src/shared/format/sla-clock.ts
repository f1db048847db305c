import { translate } from '../i18n/i18n.ts';
import { slaClockMessage } from './format.ts';

/**
 * An SLA clock in the reader's language: "due in 2 hr 15 min" before the target, "breached 3 days ago"
 * after it (for the server and the emails; the web app puts slaClockMessage through its own `t`).
 */
export function formatSlaClock(dueAt: string | Date | number, now: Date | number, language: string): string {
  return translate(language, slaClockMessage(dueAt, now, language));
}
