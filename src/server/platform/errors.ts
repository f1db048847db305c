import { type ConflictReason, type ErrorCode, errorCodes } from '../../shared/errors.ts';
import { type Message, message, translate } from '../../shared/i18n/i18n.ts';

type AppErrorOptions = {
  fields?: Record<string, ErrorText>;
  headers?: Record<string, string>;
  /** What went wrong underneath (logged with a 5xx, never sent). */
  cause?: unknown;
};

/**
 * What an error says: a catalogue message (`errors:…`), put in the reader's language by the error handler.
 * Plain text is a type error, so no English sentence slips into a response. A reason composed of parts
 * (an archive's problem inside "“a.zip” is not accepted: …") is a message whose params are messages.
 */
export type ErrorText = Message;

/**
 * The one error type services throw. The HTTP layer turns it into the envelope from DESIGN.md, with the
 * message in the request's language (the code and the reason never change with it).
 * A `conflict` must name its reason (the overloads make one without it a type error); no other code has one.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** The catalogue message; `message` holds its English text for logs. */
  readonly text: Message;
  readonly reason: ConflictReason | undefined;
  readonly status: number;
  readonly fields: Record<string, ErrorText> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: 'conflict', text: ErrorText, options: AppErrorOptions & { reason: ConflictReason });
  constructor(code: Exclude<ErrorCode, 'conflict'>, text: ErrorText, options?: AppErrorOptions);
  constructor(code: ErrorCode, text: ErrorText, options: AppErrorOptions & { reason?: ConflictReason } = {}) {
    super(translate('en', text), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.text = text;
    this.reason = options.reason;
    this.status = errorCodes[code];
    this.fields = options.fields;
    this.headers = options.headers;
  }
}

export const errors = {
  /** 404 saying what was not found: a catalogue message ("That ticket was not found."). */
  notFound: (what: ErrorText = message('errors:notFound.record')) => new AppError('not_found', what),
  forbidden: (text: ErrorText = message('errors:forbidden.default')) => new AppError('forbidden', text),
  unauthenticated: () => new AppError('unauthenticated', message('errors:unauthenticated')),
  validation: (fields: Record<string, ErrorText>, text: ErrorText = message('errors:validation.default')) =>
    new AppError('validation_failed', text, { fields }),
  conflict: (reason: ConflictReason, text: ErrorText) => new AppError('conflict', text, { reason }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'rate_limited',
      retryAfterSeconds < 60
        ? message('errors:rateLimited.seconds', { count: retryAfterSeconds })
        : message('errors:rateLimited.minutes', { count: Math.ceil(retryAfterSeconds / 60) }),
      { headers: { 'retry-after': String(retryAfterSeconds) } },
    ),
};

/** An error's text in a language. */
export function errorText(text: ErrorText, language: string): string {
  return translate(language, text);
}
