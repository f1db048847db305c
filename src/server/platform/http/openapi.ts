import { errorEnvelope } from '../../../shared/schemas/common.ts';

/** The error responses every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: errorEnvelope,
  401: errorEnvelope,
  403: errorEnvelope,
  404: errorEnvelope,
  429: errorEnvelope,
} as const;
