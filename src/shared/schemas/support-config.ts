import { z } from 'zod';
import { id, isoInstant } from './common.ts';
import { businessCalendar } from './sla.ts';
import { type TicketPriority, type TicketStatus, ticketPriorities, ticketStatusLabels } from './tickets.ts';

/**
 * Support configuration (issue 4, items 3 and 5): ticket categories, business-hours calendars, SLA
 * policies, teams, assignment rules and canned responses. Staff manage them; the tickets module reads
 * them through SupportConfigDirectory (src/server/modules/tickets/contracts.ts).
 */

/** At least one field must be sent in a PATCH body. */
const someField = (b: Record<string, unknown>) => Object.values(b).some((v) => v !== undefined);
const SOME_FIELD = 'errors:validation.someField';

/** A team's members: a list of account ids, each named once. */
const memberIds = (max: number) =>
  z
    .array(id)
    .max(max, 'errors:validation.membersMax')
    .refine((ids) => new Set(ids).size === ids.length, 'errors:validation.memberOnce');

// ---------------------------------------------------------------------------------------------------
// Canned responses (the staff tickets page uses cannedResponseList: keep its shape)

export const CANNED_RESPONSE_BODY_MAX = 20_000;

export const cannedResponseItem = z
  .object({
    id: z.number().int(),
    title: z.string(),
    /** Markdown source, inserted into a reply as it is. */
    body: z.string(),
    updatedAt: isoInstant,
  })
  .meta({ id: 'CannedResponse' });
export type CannedResponseItem = z.infer<typeof cannedResponseItem>;

/** GET /api/v1/canned-responses[?q=]: every match, by title. */
export const cannedResponseList = z
  .object({ items: z.array(cannedResponseItem) })
  .meta({ id: 'CannedResponseList' });
export type CannedResponseList = z.infer<typeof cannedResponseList>;

/** One canned response with its rendered, sanitised body (GET /api/v1/canned-responses/:id). */
export const cannedResponseDetail = cannedResponseItem
  .extend({ bodyHtml: z.string(), createdAt: isoInstant, createdByName: z.string().nullable() })
  .meta({ id: 'CannedResponseDetail' });
export type CannedResponseDetail = z.infer<typeof cannedResponseDetail>;

export const cannedResponseQuery = z
  .object({ q: z.string().trim().max(200, 'errors:validation.maxChars').optional() })
  .strict();

const cannedTitle = z
  .string({ message: 'errors:validation.title' })
  .trim()
  .min(1, 'errors:validation.title')
  .max(120, 'errors:validation.maxChars');
const cannedBody = z
  .string({ message: 'errors:validation.responseText' })
  .trim()
  .min(1, 'errors:validation.responseText')
  .max(CANNED_RESPONSE_BODY_MAX, 'errors:validation.maxChars');

export const cannedResponseBody = z
  .object({ title: cannedTitle, body: cannedBody })
  .strict()
  .meta({ id: 'CannedResponseCreate' });
export type CannedResponseBody = z.input<typeof cannedResponseBody>;
export const cannedResponsePatch = z
  .object({ title: cannedTitle.optional(), body: cannedBody.optional() })
  .strict()
  .refine(someField, SOME_FIELD)
  .meta({ id: 'CannedResponsePatch' });
export type CannedResponsePatch = z.input<typeof cannedResponsePatch>;
export const cannedResponseParams = z.object({ cannedResponseId: id });

// ---------------------------------------------------------------------------------------------------
// Categories

const categoryName = z
  .string({ message: 'errors:validation.categoryName' })
  .trim()
  .min(1, 'errors:validation.categoryName')
  .max(80, 'errors:validation.maxChars');
/** The place in the list, from 0 (first); a larger number puts it last. */
const position = z
  .number({ message: 'errors:validation.position' })
  .int('Use a whole number')
  .min(0, 'errors:validation.zeroOrMore')
  .max(10_000, 'errors:validation.maxPosition');

export const ticketCategory = z
  .object({
    id: z.number().int(),
    name: z.string(),
    position: z.number().int(),
    /** Archived categories stay on old tickets but are not offered for new ones. */
    archived: z.boolean(),
    archivedAt: isoInstant.nullable(),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'TicketCategory' });
export type TicketCategory = z.infer<typeof ticketCategory>;
export const ticketCategoryList = z
  .object({ items: z.array(ticketCategory) })
  .meta({ id: 'TicketCategoryList' });

export const categoryCreateBody = z
  .object({ name: categoryName, position: position.optional() })
  .strict()
  .meta({ id: 'TicketCategoryCreate' });
export type CategoryCreateBody = z.input<typeof categoryCreateBody>;
export const categoryPatchBody = z
  .object({ name: categoryName.optional(), position: position.optional(), archived: z.boolean().optional() })
  .strict()
  .refine(someField, SOME_FIELD)
  .meta({ id: 'TicketCategoryPatch' });
export type CategoryPatchBody = z.input<typeof categoryPatchBody>;
export const categoryParams = z.object({ categoryId: id });

// ---------------------------------------------------------------------------------------------------
// Business-hours calendars

const calendarName = z
  .string({ message: 'errors:validation.calendarName' })
  .trim()
  .min(1, 'errors:validation.calendarName')
  .max(80, 'errors:validation.maxChars');

export const slaCalendarResponse = z
  .object({
    id: z.number().int(),
    name: z.string(),
    calendar: businessCalendar,
    /** The policies that measure on this calendar (a calendar in use cannot be deleted). */
    policies: z.array(z.object({ id: z.number().int(), name: z.string() })),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'SlaCalendar' });
export type SlaCalendarResponse = z.infer<typeof slaCalendarResponse>;
export const slaCalendarList = z
  .object({ items: z.array(slaCalendarResponse) })
  .meta({ id: 'SlaCalendarList' });

export const slaCalendarBody = z
  .object({ name: calendarName, calendar: businessCalendar })
  .strict()
  .meta({ id: 'SlaCalendarCreate' });
export type SlaCalendarBody = z.input<typeof slaCalendarBody>;
export const slaCalendarPatch = z
  .object({ name: calendarName.optional(), calendar: businessCalendar.optional() })
  .strict()
  .refine(someField, SOME_FIELD)
  .meta({ id: 'SlaCalendarPatch' });
export type SlaCalendarPatch = z.input<typeof slaCalendarPatch>;
export const slaCalendarParams = z.object({ calendarId: id });

// ---------------------------------------------------------------------------------------------------
// SLA policies

/** Business minutes: whole, at least 1, at most a year of round-the-clock minutes. */
export const SLA_MINUTES_MAX = 525_600;
const businessMinutes = z
  .number({ message: 'errors:validation.numberOfMinutes' })
  .int('Use whole minutes')
  .min(1, 'errors:validation.minOneMinute')
  .max(SLA_MINUTES_MAX, 'errors:validation.maxSlaMinutes');

export const priorityTargets = z
  .object({ responseMinutes: businessMinutes, resolutionMinutes: businessMinutes })
  .strict()
  .refine((t) => t.responseMinutes <= t.resolutionMinutes, {
    message: 'errors:validation.responseBeforeResolution',
    path: ['responseMinutes'],
  });
export type PriorityTargets = z.infer<typeof priorityTargets>;

export const slaTargets = z
  .object(
    Object.fromEntries(ticketPriorities.map((p) => [p, priorityTargets])) as Record<
      TicketPriority,
      typeof priorityTargets
    >,
  )
  .strict();
export type SlaTargets = z.infer<typeof slaTargets>;

/** Statuses that may pause the clock (New, Open, Resolved and Closed never do). */
export const pausableStatuses = [
  'waiting-on-client',
  'waiting-on-vendor',
  'in-progress',
] as const satisfies readonly TicketStatus[];
export type PausableStatus = (typeof pausableStatuses)[number];
export const pausableStatusLabels: Record<PausableStatus, string> = {
  'waiting-on-client': ticketStatusLabels['waiting-on-client'],
  'waiting-on-vendor': ticketStatusLabels['waiting-on-vendor'],
  'in-progress': ticketStatusLabels['in-progress'],
};
export const DEFAULT_PAUSING_STATUSES: PausableStatus[] = ['waiting-on-client'];

const pausingStatuses = z
  .array(
    z.enum(pausableStatuses, {
      message: 'errors:validation.pausingStatus',
    }),
  )
  .max(pausableStatuses.length)
  // Stored once each, in a fixed order.
  .transform((list) => pausableStatuses.filter((s) => list.includes(s)));

const policyName = z
  .string({ message: 'errors:validation.policyName' })
  .trim()
  .min(1, 'errors:validation.policyName')
  .max(80, 'errors:validation.maxChars');

export const slaPolicyResponse = z
  .object({
    id: z.number().int(),
    name: z.string(),
    calendarId: z.number().int(),
    calendarName: z.string(),
    /** Whether the calendar is open around the clock (the wording of expectations depends on it). */
    calendarAlwaysOpen: z.boolean(),
    targets: slaTargets,
    pausingStatuses: z.array(z.enum(pausableStatuses)),
    /** Exactly one policy is the default; it applies until contracts choose one. */
    isDefault: z.boolean(),
    /** Whether tickets are measured by this policy (a policy in use cannot be deleted). */
    inUse: z.boolean(),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'SlaPolicy' });
export type SlaPolicyResponse = z.infer<typeof slaPolicyResponse>;
export const slaPolicyList = z.object({ items: z.array(slaPolicyResponse) }).meta({ id: 'SlaPolicyList' });

export const slaPolicyBody = z
  .object({
    name: policyName,
    calendarId: id,
    targets: slaTargets,
    pausingStatuses: pausingStatuses.default(['waiting-on-client']),
    /** Make this the default policy (the previous default stops being one). */
    isDefault: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'SlaPolicyCreate' });
export type SlaPolicyBody = z.input<typeof slaPolicyBody>;
export const slaPolicyPatch = z
  .object({
    name: policyName.optional(),
    calendarId: id.optional(),
    targets: slaTargets.optional(),
    pausingStatuses: pausingStatuses.optional(),
    /** Only true is accepted: make another policy the default to stop this one being it. */
    isDefault: z.boolean().optional(),
  })
  .strict()
  .refine(someField, SOME_FIELD)
  .meta({ id: 'SlaPolicyPatch' });
export type SlaPolicyPatch = z.input<typeof slaPolicyPatch>;
export const slaPolicyParams = z.object({ policyId: id });

// ---------------------------------------------------------------------------------------------------
// Teams

const teamName = z
  .string({ message: 'errors:validation.teamName' })
  .trim()
  .min(1, 'errors:validation.teamName')
  .max(80, 'errors:validation.maxChars');

export const teamMember = z.object({
  accountId: z.number().int(),
  name: z.string(),
  email: z.string(),
  /** False when the account is disabled or may no longer work on tickets: round-robin skips them. */
  active: z.boolean(),
});
export const teamResponse = z
  .object({
    id: z.number().int(),
    name: z.string(),
    members: z.array(teamMember),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'Team' });
export type TeamResponse = z.infer<typeof teamResponse>;
export const teamList = z.object({ items: z.array(teamResponse) }).meta({ id: 'TeamList' });

export const teamBody = z
  .object({ name: teamName, memberAccountIds: memberIds(100).default([]) })
  .strict()
  .meta({ id: 'TeamCreate' });
export type TeamBody = z.input<typeof teamBody>;
export const teamPatch = z
  .object({ name: teamName.optional(), memberAccountIds: memberIds(100).optional() })
  .strict()
  .refine(someField, SOME_FIELD)
  .meta({ id: 'TeamPatch' });
export type TeamPatch = z.input<typeof teamPatch>;
export const teamParams = z.object({ teamId: id });

// ---------------------------------------------------------------------------------------------------
// Assignment rules

export const assignmentRuleResponse = z
  .object({
    id: z.number().int(),
    /** Rules are tried in this order (0 first); the first enabled match assigns. */
    position: z.number().int(),
    /** Null: any client. */
    clientId: z.number().int().nullable(),
    clientName: z.string().nullable(),
    /** Null: any category (or none). */
    categoryId: z.number().int().nullable(),
    categoryName: z.string().nullable(),
    /** Exactly one of a team (round-robin among its active members) and a person. */
    teamId: z.number().int().nullable(),
    teamName: z.string().nullable(),
    assigneeAccountId: z.number().int().nullable(),
    assigneeName: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'AssignmentRule' });
export type AssignmentRuleResponse = z.infer<typeof assignmentRuleResponse>;
export const assignmentRuleList = z
  .object({ items: z.array(assignmentRuleResponse) })
  .meta({ id: 'AssignmentRuleList' });

const ONE_TARGET = 'errors:supportConfig.ruleOneTarget';

export const assignmentRuleBody = z
  .object({
    clientId: id.nullable().default(null),
    categoryId: id.nullable().default(null),
    teamId: id.nullable().default(null),
    assigneeAccountId: id.nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.teamId === null) === (b.assigneeAccountId === null)) {
      ctx.addIssue({ code: 'custom', message: ONE_TARGET, path: ['teamId'] });
    }
  })
  .meta({ id: 'AssignmentRuleCreate' });
export type AssignmentRuleBody = z.input<typeof assignmentRuleBody>;
/** Naming a team drops the person, and naming a person drops the team. */
export const assignmentRulePatch = z
  .object({
    clientId: id.nullable().optional(),
    categoryId: id.nullable().optional(),
    teamId: id.nullable().optional(),
    assigneeAccountId: id.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine(someField, SOME_FIELD)
  .meta({ id: 'AssignmentRulePatch' });
export type AssignmentRulePatch = z.input<typeof assignmentRulePatch>;
export const assignmentRuleParams = z.object({ ruleId: id });
export const assignmentRuleOrderBody = z
  .object({
    /** Every rule's id, in the new order. */
    ids: z
      .array(id)
      .min(1, 'errors:validation.ruleOrder')
      .max(1000)
      .refine((ids) => new Set(ids).size === ids.length, 'errors:validation.ruleOnce'),
  })
  .strict()
  .meta({ id: 'AssignmentRuleOrder' });

// ---------------------------------------------------------------------------------------------------
// Ticket options (the response schema, ticketOptions, lives in ./tickets.ts)

export const ticketOptionsQuery = z.object({ clientId: id.optional() }).strict();
