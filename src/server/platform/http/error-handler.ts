import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import * as zodLocales from 'zod/v4/locales';
import type { ErrorBody, ErrorCode } from '../../../shared/errors.ts';
import { type Message, message, schemaBounds, translate } from '../../../shared/i18n/i18n.ts';
import { isUniqueViolation } from '../db/db.ts';
import { AppError, type ErrorText, errorText } from '../errors.ts';
import { requestLanguage } from './language.ts';

type Body = Omit<ErrorBody['error'], 'requestId' | 'message' | 'fields'> & {
  message: ErrorText;
  /** A catalogue message, or text already in the request's language (zod's own, through its locale). */
  fields?: Record<string, ErrorText | string>;
};

/** Sends the envelope, its messages in the request's language; `code` and `reason` never change with it. */
function send(reply: FastifyReply, request: FastifyRequest, status: number, body: Body) {
  const language = requestLanguage(request);
  const fields = body.fields
    ? Object.fromEntries(
        Object.entries(body.fields).map(([k, v]) => [k, typeof v === 'string' ? v : errorText(v, language)]),
      )
    : undefined;
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .header('content-language', language)
    .send({
      error: {
        code: body.code,
        ...(body.reason ? { reason: body.reason } : {}),
        message: errorText(body.message, language),
        ...(fields ? { fields } : {}),
        requestId: String(request.id),
      },
    } satisfies ErrorBody);
}

const fastifyCodes: Record<string, { code: ErrorCode; message: Message }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'bad_request', message: message('errors:request.invalidJson') },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'bad_request', message: message('errors:request.emptyJson') },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: message('errors:request.bodyTooLarge') },
  FST_REQ_FILE_TOO_LARGE: { code: 'payload_too_large', message: message('errors:request.fileTooLarge') },
  FST_FILES_LIMIT: { code: 'payload_too_large', message: message('errors:request.tooManyFiles') },
  FST_PARTS_LIMIT: { code: 'payload_too_large', message: message('errors:request.tooManyParts') },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: message('errors:request.mediaType'),
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_request',
    message: message('errors:request.contentLength'),
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    code: 'unsupported_media_type',
    message: message('errors:request.multipart'),
  },
};

type ZodIssueLike = { code?: string; message?: string } & Record<string, unknown>;
const zodLocaleFor: Record<string, () => { localeError: (issue: never) => unknown }> = {
  de: zodLocales.de,
  fr: zodLocales.fr,
  es: zodLocales.es,
  pl: zodLocales.pl,
  ar: zodLocales.ar,
};
const zodEnglish = zodLocales.en();

/**
 * A validation issue's text in the request's language: zod's own messages (those equal to what zod's
 * English locale says) through zod's locale for that language; a schema's own words stay as written.
 */
function issueText(issue: { keyword: string; message?: string; params: unknown }, language: string) {
  // A shared schema's own message given as a catalogue key (errors:validation.timeZone).
  if (issue.message && /^errors:[A-Za-z0-9_.]+$/.test(issue.message)) {
    return translate(language, issue.message as Message['key'], schemaBounds(issue.params));
  }
  const fallback = issue.message ?? 'This value is not valid.';
  const locale = zodLocaleFor[language];
  if (!locale) return fallback;
  const zodIssue = { ...(issue.params as ZodIssueLike), code: issue.keyword } as never;
  const english = zodEnglish.localeError(zodIssue);
  const englishText = typeof english === 'string' ? english : (english as { message?: string })?.message;
  if (englishText !== issue.message) return fallback;
  const translated = locale().localeError(zodIssue);
  return (
    (typeof translated === 'string' ? translated : (translated as { message?: string })?.message) ?? fallback
  );
}

/**
 * One handler turns every error into the envelope. 4xx say what to fix and are logged at info;
 * 5xx say nothing of the internals and are logged at error with the request id.
 */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      if (error.status >= 500)
        request.log.error({ code: error.code, err: error.cause ?? error }, error.message);
      else request.log.info({ code: error.code, reason: error.reason }, error.message);
      return send(reply, request, error.status, {
        code: error.code,
        ...(error.reason ? { reason: error.reason } : {}),
        message: error.text,
        ...(error.fields ? { fields: error.fields } : {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, ErrorText | string> = {};
      const language = requestLanguage(request);
      const unknown =
        error.validationContext === 'querystring'
          ? message('errors:validation.unknownQuery')
          : message('errors:validation.unknownField');
      for (const issue of error.validation) {
        const params = issue.params as { keys?: string[] };
        if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
          for (const key of params.keys)
            fields[[issue.instancePath.slice(1), key].filter(Boolean).join('.')] = unknown;
          continue;
        }
        const name = issue.instancePath.slice(1).replaceAll('/', '.') || (error.validationContext ?? 'body');
        fields[name] ??= issueText(issue, language);
      }
      request.log.info({ fields }, 'validation failed');
      const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
      return send(reply, request, 400, {
        code: 'validation_failed',
        message: message(
          where === 'query'
            ? 'errors:validation.query'
            : where === 'params'
              ? 'errors:validation.params'
              : where === 'headers'
                ? 'errors:validation.headers'
                : 'errors:validation.body',
        ),
        fields,
      });
    }
    if (isUniqueViolation(error)) {
      // The service checks first and says which field; this is the database settling a race.
      request.log.info('unique constraint refused a write');
      return send(reply, request, 409, {
        code: 'conflict',
        reason: 'changed_meanwhile',
        message: message('errors:conflict.uniqueRace'),
      });
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) {
      request.log.info({ code: error.code }, known.message.key);
      const status =
        known.code === 'payload_too_large' ? 413 : known.code === 'unsupported_media_type' ? 415 : 400;
      return send(reply, request, status, known);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ code: error.code }, error.message);
      const status = error.statusCode;
      const code: ErrorCode =
        status === 404
          ? 'not_found'
          : status === 405
            ? 'method_not_allowed'
            : status === 413
              ? 'payload_too_large'
              : status === 415
                ? 'unsupported_media_type'
                : status === 429
                  ? 'rate_limited'
                  : 'bad_request';
      return send(reply, request, status, { code, message: message('errors:request.notUnderstood') });
    } else if (isUnavailable(error)) {
      request.log.error({ err: error }, 'dependency unavailable');
      return send(reply, request, 503, {
        code: 'unavailable',
        message: message('errors:unavailable'),
      });
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    return send(reply, request, 500, {
      code: 'internal_error',
      message: message('errors:internal'),
    });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, request, 404, {
      code: 'not_found',
      message: message('errors:notFound.route', {
        method: request.method,
        path: (request.url.split('?')[0] ?? '').slice(0, 200),
      }),
    }),
  );
}

function isUnavailable(error: FastifyError): boolean {
  const code = error.code as string | undefined;
  return (
    code === 'ECONNREFUSED' ||
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_FULL' ||
    code === 'ENOSPC' ||
    code === '57P01' ||
    /timeout exceeded when trying to connect/i.test(error.message)
  );
}
