import type { FastifyRequest } from 'fastify';

/** Query parameters that carry single-use secrets (invitation, join and reset links). */
const secretParams = /([?&](?:token|code)=)[^&#]*/gi;

/**
 * The emailed links put their token in the page URL's query (`/portal/invite?token=...`), and the
 * access log records every URL: the value is replaced before it is written.
 */
export function redactUrl(url: string): string {
  return url.replace(secretParams, '$1[redacted]');
}

/** Fastify's default request serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
