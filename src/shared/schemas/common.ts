import { z } from 'zod';
import { conflictReasons, errorCodes } from '../errors.ts';

export const id = z.coerce.number().int().positive().max(2_147_483_647);
export const isoInstant = z.iso.datetime({ offset: false });

export const errorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes, ...(keyof typeof errorCodes)[]]),
      reason: z
        .enum(conflictReasons)
        .optional()
        .meta({ description: 'Why, for `conflict` (409) only: one of a fixed list (docs/api.md, Errors).' }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'ErrorEnvelope' });

export const okResponse = z.object({ ok: z.literal(true) });

/** Email addresses are compared case-insensitively; keep them trimmed and lower-cased. */
export const email = z
  .string()
  .trim()
  .max(254, 'errors:validation.maxChars')
  .pipe(z.email({ message: 'errors:validation.email' }))
  .transform((v) => v.toLowerCase());

/** The default minimum password length (characters, not bytes). */
export const PASSWORD_MIN_LENGTH = 12;

/** Passwords are never trimmed or truncated. The policy (length, common list) is checked by the server. */
export const password = z
  .string()
  .min(1, 'errors:validation.password')
  .max(1024, 'errors:validation.maxChars');

export const personName = z
  .string()
  .trim()
  .min(1, 'errors:validation.name')
  .max(120, 'errors:validation.maxChars');
