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
  rate_limited: 429,
  internal_error: 500,
  setup_required: 503,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: Record<string, string>;
    requestId?: string;
  };
}
