import type { FastifyRequest } from 'fastify';
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  type Language,
  negotiateLanguage,
} from '../../../shared/i18n/languages.ts';

/**
 * The language a response speaks: the signed-in person's own choice when they made one, else the best
 * match for the request's Accept-Language, else English. Error codes and reasons never depend on it.
 */
export function requestLanguage(request: FastifyRequest): Language {
  const chosen = (request as { actor?: { language?: string | null } | null }).actor?.language;
  if (isLanguage(chosen)) return chosen;
  return negotiateLanguage(request.headers['accept-language']) ?? DEFAULT_LANGUAGE;
}
