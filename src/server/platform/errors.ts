import { type ErrorCode, errorCodes } from '../../shared/errors.ts';

/** The one error type services throw. The HTTP layer turns it into the envelope from DESIGN.md. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
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
  conflict: (message: string) => new AppError('conflict', message),
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
