import { type ConflictReason, type ErrorCode, errorCodes } from '../../shared/errors.ts';

type AppErrorOptions = {
  fields?: Record<string, string>;
  headers?: Record<string, string>;
  /** What went wrong underneath (logged with a 5xx, never sent). */
  cause?: unknown;
};

/**
 * The one error type services throw. The HTTP layer turns it into the envelope from DESIGN.md.
 * A `conflict` must name its reason (the overloads make one without it a type error); no other code has one.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly reason: ConflictReason | undefined;
  readonly status: number;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: 'conflict', message: string, options: AppErrorOptions & { reason: ConflictReason });
  constructor(code: Exclude<ErrorCode, 'conflict'>, message: string, options?: AppErrorOptions);
  constructor(code: ErrorCode, message: string, options: AppErrorOptions & { reason?: ConflictReason } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.reason = options.reason;
    this.status = errorCodes[code];
    this.fields = options.fields;
    this.headers = options.headers;
  }
}

export const errors = {
  notFound: (what = 'That record') => new AppError('not_found', `${what} was not found.`),
  forbidden: (message = 'You do not have permission to do that.') => new AppError('forbidden', message),
  unauthenticated: () => new AppError('unauthenticated', 'Sign in to continue.'),
  validation: (fields: Record<string, string>, message = 'Some fields need attention.') =>
    new AppError('validation_failed', message, { fields }),
  conflict: (reason: ConflictReason, message: string) => new AppError('conflict', message, { reason }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('rate_limited', `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
};

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
