import {
  DEFAULT_PAUSING_STATUSES,
  type PausableStatus,
  type SlaPolicyBody,
  type SlaPolicyResponse,
  slaPolicyBody,
} from '../../../shared/schemas/support-config.ts';
import { type TicketPriority, ticketPriorities } from '../../../shared/schemas/tickets.ts';
import { schemaText } from '../../ui/i18n/server-text.ts';

/** A number field's value: a number, or NaN while it is empty or not a number. */
export interface TargetDraft {
  responseMinutes: number;
  resolutionMinutes: number;
}

export interface PolicyDraft {
  name: string;
  calendarId: number | null;
  targets: Record<TicketPriority, TargetDraft>;
  pausingStatuses: PausableStatus[];
  isDefault: boolean;
}

const suggested: Record<TicketPriority, TargetDraft> = {
  low: { responseMinutes: 480, resolutionMinutes: 2400 },
  medium: { responseMinutes: 240, resolutionMinutes: 1440 },
  high: { responseMinutes: 120, resolutionMinutes: 480 },
  critical: { responseMinutes: 60, resolutionMinutes: 240 },
};

export function newPolicyDraft(calendarId: number | null): PolicyDraft {
  return {
    name: '',
    calendarId,
    targets: structuredClone(suggested),
    pausingStatuses: [...DEFAULT_PAUSING_STATUSES],
    isDefault: false,
  };
}

export function policyDraftFrom(policy: SlaPolicyResponse): PolicyDraft {
  return {
    name: policy.name,
    calendarId: policy.calendarId,
    targets: structuredClone(policy.targets),
    pausingStatuses: [...policy.pausingStatuses],
    isDefault: policy.isDefault,
  };
}

export function policyBodyFrom(draft: PolicyDraft): SlaPolicyBody {
  return {
    name: draft.name,
    calendarId: draft.calendarId ?? 0,
    targets: Object.fromEntries(
      ticketPriorities.map((p) => [p, { ...draft.targets[p] }]),
    ) as SlaPolicyBody['targets'],
    pausingStatuses: draft.pausingStatuses,
    isDefault: draft.isDefault,
  };
}

/** A translate function (react-i18next's `t`, or the shared `translatorFor` in tests). */
export type Translate = (key: `staffAdmin:${string}`, values?: Record<string, string | number>) => string;

/** The server's checks, keyed like its field errors ("targets.high.responseMinutes"). */
export function policyProblems(draft: PolicyDraft, t: Translate): Record<string, string> {
  const problems: Record<string, string> = {};
  if (draft.calendarId === null) problems.calendarId = t('staffAdmin:policies.chooseCalendar');
  const result = slaPolicyBody.safeParse(policyBodyFrom(draft));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join('.');
      if (key === 'calendarId' && draft.calendarId === null) continue;
      problems[key] ??=
        issue.code === 'invalid_type' && key.startsWith('targets.')
          ? t('staffAdmin:policies.minutesRequired')
          : schemaText(issue.message, issue);
    }
  }
  return problems;
}
