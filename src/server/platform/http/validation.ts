import type { FastifySchemaCompiler } from 'fastify';
import { type $ZodType, safeParse } from 'zod/v4/core';

/** The marker fastify-type-provider-zod's `hasZodFastifySchemaValidationErrors` looks for (a global symbol). */
const validationErrorMarker = Symbol.for('ZodFastifySchemaValidationError');

/**
 * fastify-type-provider-zod's validator compiler, with one change: an `invalid_type` issue keeps the value it
 * refused, so the error handler can say what was received in the request's language through zod's locale
 * (zod drops the input by default, and its locales name the received type from it). No other issue keeps
 * its input, so a refused password never travels further than the check.
 */
export const validatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema }) =>
  (data) => {
    const result = safeParse(schema, data, { reportInput: true });
    if (!result.error) return { value: result.data };
    return {
      error: result.error.issues.map((issue) => {
        const { path, code, message, input, ...rest } = issue as typeof issue & { input?: unknown };
        const instancePath = `/${path.join('/')}`;
        return {
          [validationErrorMarker]: true,
          keyword: code,
          instancePath,
          schemaPath: `#${instancePath}/${code}`,
          message,
          params: code === 'invalid_type' ? { ...rest, input } : rest,
        };
      }) as never,
    };
  };
