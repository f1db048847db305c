import { z } from 'zod';
import { type AuditAction, auditActions } from '../audit.ts';
import { id } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

/** How each audit action reads in the staff app and in exports. */
export const auditActionLabels: Record<AuditAction, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.locked': 'Sign-in attempts held back',
  'auth.password_changed': 'Password changed',
  'auth.password_reset_requested': 'Password reset requested',
  'auth.password_reset': 'Password reset',
  'auth.mfa_enabled': 'Two-factor authentication switched on',
  'auth.mfa_disabled': 'Two-factor authentication switched off',
  'auth.mfa_failed': 'Two-factor code refused',
  'auth.backup_codes_regenerated': 'Backup codes regenerated',
  'auth.email_change_requested': 'Email change requested',
  'auth.email_changed': 'Email changed',
  'profile.updated': 'Profile updated',
  'profile.notifications_changed': 'Notification choices changed',
  'session.revoked': 'Session signed out',
  'client.created': 'Client created',
  'client.updated': 'Client changed',
  'client.archived': 'Client archived',
  'client.restored': 'Client restored',
  'contract.created': 'Contract created',
  'contract.updated': 'Contract changed',
  'contract.status_changed': 'Contract status changed',
  'report_schedule.created': 'Report scheduled',
  'report_schedule.deleted': 'Scheduled report removed',
  'contract.hour_block_added': 'Prepaid hours added',
  'contract.file_added': 'Contract document added',
  'contract.file_removed': 'Contract document removed',
  'contract.file_downloaded': 'Contract document downloaded',
  'contact.created': 'Contact created',
  'contact.updated': 'Contact changed',
  'contact.deactivated': 'Contact deactivated',
  'contact.reactivated': 'Contact reactivated',
  'contact.permissions_changed': 'Contact permissions changed',
  'contact.imported': 'Contacts imported',
  'contact.exported': 'Contacts exported',
  'portal.invited': 'Invited to the portal',
  'portal.invite_accepted': 'Invitation accepted',
  'portal.password_set_by_staff': 'Portal password set by staff',
  'portal.invite_link_created': 'Invite link created',
  'portal.invite_link_revoked': 'Invite link revoked',
  'portal.invite_link_used': 'Invite link used',
  'portal.preview_started': 'Portal preview started',
  'setup.completed': 'First-run setup completed',
  'demo.loaded': 'Demo data loaded',
  'settings.updated': 'Settings changed',
  'audit.exported': 'Audit log exported',
  'ticket.created': 'Ticket created',
  'ticket.updated': 'Ticket changed',
  'ticket.bulk_updated': 'Tickets changed in bulk',
  'ticket.merged': 'Tickets merged',
  'ticket.watcher_added': 'Watcher added',
  'ticket.watcher_removed': 'Watcher removed',
  'ticket.attachment_downloaded': 'Attachment downloaded',
  'ticket.rated': 'Ticket rated',
  'ticket.estimate_changed': 'Ticket estimate changed',
  'ticket.overage_requested': 'Extra hours asked of the client',
  'ticket.overage_decided': 'Extra hours approved or refused',
  'support.category_changed': 'Ticket category changed',
  'support.calendar_changed': 'Business-hours calendar changed',
  'support.policy_changed': 'SLA policy changed',
  'support.team_changed': 'Team changed',
  'support.rule_changed': 'Assignment rule changed',
  'support.canned_response_changed': 'Canned response changed',
  'inbound.reviewed': 'Inbound email reviewed',
  'time.work_type_changed': 'Work type changed',
  'time.entries_approved': 'Time approved',
  'time.entry_reversed': 'Time entry reversed',
  'order.created': 'Order recorded',
  'order.updated': 'Order changed',
  'order.status_changed': 'Order status changed',
};

export const auditActorKinds = ['staff', 'contact', 'system', 'anonymous'] as const;

const isoDay = z.iso.date();
const isoInstant = z.iso.datetime({ offset: true });
/**
 * A calendar day (2026-03-02, read in the organisation's time zone) or an instant with its offset
 * (2026-03-01T23:00:00.000Z, 2026-03-02T00:00:00+01:00): the web app sends instants, the days its viewer
 * picked in their own time zone, so nothing depends on which zone the server reads a day in.
 */
const dayOrInstant = z
  .string()
  .refine(
    (v) => isoDay.safeParse(v).success || isoInstant.safeParse(v).success,
    'errors:validation.dayOrInstant',
  );

/** `action=a&action=b` and `action=a,b` both work: links and forms can use either. */
const actionList = z.preprocess(
  (value) => {
    if (value === undefined || value === '') return undefined;
    const list = Array.isArray(value) ? value : [value];
    return list.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).filter((v) => v !== '');
  },
  z
    .array(z.enum(auditActions, { message: 'errors:validation.auditActions' }))
    .max(auditActions.length)
    .optional(),
);

/** Filters shared by the list and the CSV export. */
export const auditFilters = {
  clientId: id.optional(),
  /** The account that acted (staff or contact). */
  actorId: id.optional(),
  action: actionList,
  /** A day: the first day included (from 00:00 in the organisation's time zone). An instant: included. */
  from: dayOrInstant.optional(),
  /**
   * A day: the last day included (up to midnight at its end, organisation's time zone). An instant: the
   * end of the range, not included.
   */
  to: dayOrInstant.optional(),
};

export const auditListQuery = z.object({ ...auditFilters, ...pageQuery }).strict();
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditExportQuery = z.object(auditFilters).strict();
export type AuditExportQuery = z.infer<typeof auditExportQuery>;
export type AuditFilters = AuditExportQuery;

export const auditEvent = z
  .object({
    id,
    at: z.string(),
    /** One of the audit actions; rows written by an older version may carry a name no longer listed. */
    action: z.string(),
    actor: z.object({
      kind: z.enum(auditActorKinds),
      accountId: id.nullable(),
      name: z.string().nullable(),
    }),
    client: z.object({ id, name: z.string().nullable() }).nullable(),
    target: z.object({ type: z.string(), id: z.number().int() }).nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    /** Extra facts about the event; never carries secrets (they are removed when it is written). */
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEventItem = z.infer<typeof auditEvent>;

export const auditListResponse = pageOf(auditEvent).meta({ id: 'AuditEventPage' });
export type AuditListResponse = z.infer<typeof auditListResponse>;

export const auditLookupQuery = z.object({ q: z.string().trim().max(100).optional().default('') }).strict();

/** People the log can be filtered by: anyone with a login, staff or contact. */
export const auditPeopleResponse = z.object({
  items: z.array(
    z.object({
      accountId: id,
      name: z.string(),
      email: z.string(),
      kind: z.enum(['staff', 'contact']),
      clientName: z.string().nullable(),
    }),
  ),
});
export type AuditPeopleResponse = z.infer<typeof auditPeopleResponse>;

export const auditClientsResponse = z.object({
  items: z.array(z.object({ id, name: z.string(), archived: z.boolean() })),
});
export type AuditClientsResponse = z.infer<typeof auditClientsResponse>;

/** The export stops here; the file name and a response header say so when it is cut short. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;
