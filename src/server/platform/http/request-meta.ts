import type { FastifyRequest } from 'fastify';
import type { RequestMeta } from '../audit.ts';

/** Who is on the other end of a request, for sessions and the audit log. */
export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500) };
}
