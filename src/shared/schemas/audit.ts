import { z } from 'zod';
import { type AuditAction, auditActions } from '../audit.ts';
import { id } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

/**
 * How each audit action reads, as a staffApp catalogue key: the staff app's audit page and the CSV export
 * (in the language of the person who asks) both name it; the code itself stays the stable, machine-readable
 * value (the export's "Action code" column).
 */
export const auditActionKeys = {
  'auth.login': 'staffApp:audit.action.auth.login',
  'auth.login_failed': 'staffApp:audit.action.auth.loginFailed',
  'auth.logout': 'staffApp:audit.action.auth.logout',
  'auth.locked': 'staffApp:audit.action.auth.locked',
  'auth.password_changed': 'staffApp:audit.action.auth.passwordChanged',
  'auth.password_reset_requested': 'staffApp:audit.action.auth.passwordResetRequested',
  'auth.password_reset': 'staffApp:audit.action.auth.passwordReset',
  'auth.mfa_enabled': 'staffApp:audit.action.auth.mfaEnabled',
  'auth.mfa_disabled': 'staffApp:audit.action.auth.mfaDisabled',
  'auth.mfa_failed': 'staffApp:audit.action.auth.mfaFailed',
  'auth.backup_codes_regenerated': 'staffApp:audit.action.auth.backupCodesRegenerated',
  'auth.email_change_requested': 'staffApp:audit.action.auth.emailChangeRequested',
  'auth.email_changed': 'staffApp:audit.action.auth.emailChanged',
  'profile.updated': 'staffApp:audit.action.profile.updated',
  'profile.notifications_changed': 'staffApp:audit.action.profile.notificationsChanged',
  'session.revoked': 'staffApp:audit.action.session.revoked',
  'client.created': 'staffApp:audit.action.client.created',
  'client.updated': 'staffApp:audit.action.client.updated',
  'client.archived': 'staffApp:audit.action.client.archived',
  'client.restored': 'staffApp:audit.action.client.restored',
  'contract.created': 'staffApp:audit.action.contract.created',
  'contract.updated': 'staffApp:audit.action.contract.updated',
  'contract.status_changed': 'staffApp:audit.action.contract.statusChanged',
  'report_schedule.created': 'staffApp:audit.action.reportSchedule.created',
  'report_schedule.deleted': 'staffApp:audit.action.reportSchedule.deleted',
  'report_schedule.paused': 'staffApp:audit.action.reportSchedule.paused',
  'report_schedule.resumed': 'staffApp:audit.action.reportSchedule.resumed',
  'contract.hour_block_added': 'staffApp:audit.action.contract.hourBlockAdded',
  'contract.file_added': 'staffApp:audit.action.contract.fileAdded',
  'contract.file_removed': 'staffApp:audit.action.contract.fileRemoved',
  'contract.file_downloaded': 'staffApp:audit.action.contract.fileDownloaded',
  'contact.created': 'staffApp:audit.action.contact.created',
  'contact.updated': 'staffApp:audit.action.contact.updated',
  'contact.deactivated': 'staffApp:audit.action.contact.deactivated',
  'contact.reactivated': 'staffApp:audit.action.contact.reactivated',
  'contact.permissions_changed': 'staffApp:audit.action.contact.permissionsChanged',
  'contact.imported': 'staffApp:audit.action.contact.imported',
  'contact.exported': 'staffApp:audit.action.contact.exported',
  'portal.invited': 'staffApp:audit.action.portal.invited',
  'portal.invite_accepted': 'staffApp:audit.action.portal.inviteAccepted',
  'portal.password_set_by_staff': 'staffApp:audit.action.portal.passwordSetByStaff',
  'portal.invite_link_created': 'staffApp:audit.action.portal.inviteLinkCreated',
  'portal.invite_link_revoked': 'staffApp:audit.action.portal.inviteLinkRevoked',
  'portal.invite_link_used': 'staffApp:audit.action.portal.inviteLinkUsed',
  'portal.preview_started': 'staffApp:audit.action.portal.previewStarted',
  'setup.completed': 'staffApp:audit.action.setup.completed',
  'demo.loaded': 'staffApp:audit.action.demo.loaded',
  'settings.updated': 'staffApp:audit.action.settings.updated',
  'audit.exported': 'staffApp:audit.action.audit.exported',
  'ticket.created': 'staffApp:audit.action.ticket.created',
  'ticket.updated': 'staffApp:audit.action.ticket.updated',
  'ticket.bulk_updated': 'staffApp:audit.action.ticket.bulkUpdated',
  'ticket.merged': 'staffApp:audit.action.ticket.merged',
  'ticket.watcher_added': 'staffApp:audit.action.ticket.watcherAdded',
  'ticket.watcher_removed': 'staffApp:audit.action.ticket.watcherRemoved',
  'ticket.attachment_downloaded': 'staffApp:audit.action.ticket.attachmentDownloaded',
  'ticket.rated': 'staffApp:audit.action.ticket.rated',
  'ticket.estimate_changed': 'staffApp:audit.action.ticket.estimate_changed',
  'ticket.overage_requested': 'staffApp:audit.action.ticket.overage_requested',
  'ticket.overage_decided': 'staffApp:audit.action.ticket.overage_decided',
  'support.category_changed': 'staffApp:audit.action.support.categoryChanged',
  'support.calendar_changed': 'staffApp:audit.action.support.calendarChanged',
  'support.policy_changed': 'staffApp:audit.action.support.policyChanged',
  'support.team_changed': 'staffApp:audit.action.support.teamChanged',
  'support.rule_changed': 'staffApp:audit.action.support.ruleChanged',
  'support.canned_response_changed': 'staffApp:audit.action.support.cannedResponseChanged',
  'inbound.reviewed': 'staffApp:audit.action.inbound.reviewed',
  'time.work_type_changed': 'staffApp:audit.action.time.workTypeChanged',
  'time.entries_approved': 'staffApp:audit.action.time.entriesApproved',
  'time.entry_reversed': 'staffApp:audit.action.time.entryReversed',
  'order.created': 'staffApp:audit.action.order.created',
  'order.updated': 'staffApp:audit.action.order.updated',
  'order.status_changed': 'staffApp:audit.action.order.statusChanged',
} as const satisfies Record<AuditAction, `staffApp:${string}`>;

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
