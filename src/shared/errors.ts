/**
 * Stable error codes. Clients branch on these, so they never change meaning once released.
 * The HTTP status that goes with each code lives here too, so server and client agree.
 */
export const errorCodes = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  already_set_up: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  /** An Idempotency-Key sent again with a different request (another body, path or query). */
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal_error: 500,
  setup_required: 503,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/**
 * Why a `conflict` (409) happened, beside the code so clients can branch on it without reading the
 * message. Every conflict carries one; like the codes, a reason never changes meaning once released.
 * docs/api.md says what each means.
 */
export const conflictReasons = [
  // Tickets
  'ticket_closed',
  'ticket_merged',
  'reopen_window_passed',
  'ticket_not_resolved',
  'ticket_already_open',
  'too_many_pending_uploads',
  'ticket_already_rated',
  // Email review
  'email_already_reviewed',
  // Accounts, invitations and links
  'email_taken',
  'contact_exists',
  'no_portal_login',
  'login_disabled',
  'client_archived',
  'portal_disabled',
  'link_used',
  'link_used_up',
  'link_expired',
  'link_revoked',
  // Two-factor authentication
  'mfa_already_enabled',
  'mfa_not_enabled',
  'mfa_setup_not_started',
  // Support configuration
  'name_taken',
  'calendar_in_use',
  'policy_in_use',
  'policy_is_default',
  'team_in_use',
  // Contracts
  'contract_cancelled',
  'contract_status_not_allowed',
  // Orders
  'order_status_not_allowed',
  'order_closed',
  // Reports
  'report_schedules_full',
  // Consent before overage
  'overage_not_pending',
  'overage_no_bank',
  // Time
  'time_entry_locked',
  'time_entry_status_not_allowed',
  'time_entry_already_reversed',
  'time_ticket_closed',
  'timer_running',
  'timer_not_running',
  'timer_too_long',
  // Hour banks
  'bank_not_prepaid',
  'bank_period_closed',
  // Anything: another request changed the same records first
  'changed_meanwhile',
  // Idempotency keys: the first request with this key is still running
  'idempotency_in_progress',
] as const;

export type ConflictReason = (typeof conflictReasons)[number];

export interface ErrorBody {
  error: {
    code: ErrorCode;
    /** Only with `conflict`. */
    reason?: ConflictReason;
    message: string;
    fields?: Record<string, string>;
    requestId?: string;
  };
}
