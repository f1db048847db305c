import type { EmailStatus } from '../../../shared/schemas/outbox.ts';

/** A short word for the list (staffApp catalogue); the full sentence (statusText) comes from the server. */
export const statusKeys = {
  queued: 'staffApp:outbox.status.queued',
  sent: 'staffApp:outbox.status.sent',
  outbox: 'staffApp:outbox.status.outbox',
  failed: 'staffApp:outbox.status.failed',
} as const satisfies Record<EmailStatus, `staffApp:${string}`>;

export const statusColors: Record<EmailStatus, string> = {
  queued: 'yellow',
  sent: 'green',
  outbox: 'blue',
  failed: 'red',
};
