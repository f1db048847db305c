import type { EmailStatus } from '../../../shared/schemas/outbox.ts';

/** A short word for the list; the full sentence (statusText) comes from the server. */
export const statusLabels: Record<EmailStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  outbox: 'In outbox',
  failed: 'Failed',
};

export const statusColors: Record<EmailStatus, string> = {
  queued: 'yellow',
  sent: 'green',
  outbox: 'blue',
  failed: 'red',
};
