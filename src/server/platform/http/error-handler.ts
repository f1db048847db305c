import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '../../../shared/errors.ts';
import { isUniqueViolation } from '../db/db.ts';
import { AppError } from '../errors.ts';

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  body: Omit<ErrorBody['error'], 'requestId'>,
) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { ...body, requestId: String(request.id) } } satisfies ErrorBody);
}

const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'bad_request', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'bad_request',
    message: 'The request body is empty; send a JSON object.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is too large.' },
  FST_REQ_FILE_TOO_LARGE: { code: 'payload_too_large', message: 'The file is too large.' },
  FST_FILES_LIMIT: { code: 'payload_too_large', message: 'Too many files in one request.' },
  FST_PARTS_LIMIT: { code: 'payload_too_large', message: 'Too many parts in one request.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'That content type is not accepted here.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_request',
    message: 'The Content-Length header does not match the body.',
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    code: 'unsupported_media_type',
    message: 'Send the file as multipart/form-data.',
  },
};

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
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, string> = {};
      const unknown =
        error.validationContext === 'querystring'
          ? 'This query parameter is not accepted here.'
          : 'This field is not accepted here.';
      for (const issue of error.validation) {
        const params = issue.params as { keys?: string[] };
        if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
          for (const key of params.keys)
            fields[[issue.instancePath.slice(1), key].filter(Boolean).join('.')] = unknown;
          continue;
        }
        const name = issue.instancePath.slice(1).replaceAll('/', '.') || (error.validationContext ?? 'body');
        fields[name] ??= issue.message ?? 'This value is not valid.';
      }
      request.log.info({ fields }, 'validation failed');
      const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
      return send(reply, request, 400, {
        code: 'validation_failed',
        message:
          where === 'headers'
            ? 'The request headers have values that need attention.'
            : `The ${where} has fields that need attention.`,
        fields,
      });
    }
    if (isUniqueViolation(error)) {
      // The service checks first and says which field; this is the database settling a race.
      request.log.info('unique constraint refused a write');
      return send(reply, request, 409, {
        code: 'conflict',
        reason: 'changed_meanwhile',
        message:
          'That conflicts with a record saved a moment ago (a value that must be unique is taken). Reload and try again.',
      });
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) {
      request.log.info({ code: error.code }, known.message);
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
      return send(reply, request, status, { code, message: 'The request could not be understood.' });
    } else if (isUnavailable(error)) {
      request.log.error({ err: error }, 'dependency unavailable');
      return send(reply, request, 503, {
        code: 'unavailable',
        message: 'The service is briefly unavailable. Try again shortly.',
      });
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    return send(reply, request, 500, {
      code: 'internal_error',
      message:
        'Something went wrong on our side. It has been logged; quote the request id if you contact support.',
    });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, request, 404, {
      code: 'not_found',
      message: `Nothing is served at ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}.`,
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
