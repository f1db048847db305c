import type { z } from 'zod';
import { type ConflictReason, conflictReasons, type ErrorCode, errorCodes } from '../../shared/errors.ts';
import { csrfResponse } from '../../shared/schemas/auth.ts';
import { webI18n } from '../ui/i18n/instance.ts';

/** An error answered by the API (or a network failure, code `network_error`), ready to show to a person. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network_error' | 'bad_response';
  readonly fields: Record<string, string>;
  readonly requestId: string | undefined;
  /** Why a conflict happened (`ticket_closed`, …), for a page to branch on; unset for other errors. */
  readonly reason: ConflictReason | undefined;

  constructor(init: {
    status: number;
    code: ApiError['code'];
    message: string;
    fields?: Record<string, string> | undefined;
    requestId?: string | undefined;
    reason?: ConflictReason | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.requestId = init.requestId;
    this.reason = init.reason;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The server could not be reached (offline, or the connection dropped): trying again may work. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'network_error';
}

/** A readable message for any error a query or mutation may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return webI18n.t('ui:api.somethingWrong');
}

const API_BASE = '/api/v1';

let csrfToken: string | null = null;
let csrfPending: Promise<string> | null = null;

/** The server rotates the token on sign-in; every response that carries one replaces ours. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function ensureCsrfToken(): Promise<string> {
  if (csrfToken) return csrfToken;
  csrfPending ??= request('GET', '/auth/csrf', { schema: csrfResponse })
    .then((body) => {
      csrfToken = body.csrfToken;
      return body.csrfToken;
    })
    .finally(() => {
      csrfPending = null;
    });
  return csrfPending;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** The error a failed response stands for (exported for its test). */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, for instance): fall through to a generic message.
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (error && typeof error.message === 'string') {
    return new ApiError({
      status: response.status,
      code: isErrorCode(error.code) ? error.code : fallbackCode(response.status),
      message: error.message,
      fields: stringRecord(error.fields),
      requestId: typeof error.requestId === 'string' ? error.requestId : undefined,
      reason: (conflictReasons as readonly unknown[]).includes(error.reason)
        ? (error.reason as ConflictReason)
        : undefined,
    });
  }
  return new ApiError({
    status: response.status,
    code: fallbackCode(response.status),
    message:
      response.status >= 500
        ? webI18n.t('ui:api.serverFailed')
        : webI18n.t('ui:api.requestFailed', { status: response.status }),
  });
}

function fallbackCode(status: number): ErrorCode {
  const match = (Object.entries(errorCodes) as [ErrorCode, number][]).find(([, s]) => s === status);
  return match ? match[0] : status >= 500 ? 'internal_error' : 'bad_request';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const PREVIEW_KEY = 'portico.preview';

/**
 * A staff preview of the portal opens it with ?preview=1; this tab then sends X-Portico-Preview on
 * every call, so the server answers with the preview session. Only the portal ever sends it.
 */
export function isPreviewTab(): boolean {
  if (typeof window === 'undefined' || !window.location.pathname.startsWith('/portal')) return false;
  try {
    if (new URLSearchParams(window.location.search).get('preview') === '1') {
      window.sessionStorage.setItem(PREVIEW_KEY, '1');
    }
    return window.sessionStorage.getItem(PREVIEW_KEY) === '1';
  } catch {
    // Storage can be blocked; the ?preview=1 on the address alone still counts.
    return new URLSearchParams(window.location.search).get('preview') === '1';
  }
}

/** Forgets the preview in this tab (the preview ended, or this tab belongs to a real contact). */
export function leavePreviewTab(): void {
  try {
    window.sessionStorage.removeItem(PREVIEW_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

interface RequestOptions<S extends z.ZodType> {
  schema: S;
  /** A JSON body, or FormData for uploads (the browser sets the multipart boundary). */
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Sent as Idempotency-Key (docs/api.md): one per submission, the same for its retries. */
  idempotencyKey?: string | undefined;
}

/** A random UUID; crypto.randomUUID needs a secure context, getRandomValues does not (plain http on a LAN). */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The keys of submissions not yet answered, by what they send. A POST takes a new key when it is first
 * sent and keeps it while it goes unanswered (no connection, a 5xx, or the first attempt still running
 * on the server), so sending the same thing again is a retry the server answers with the first result
 * rather than a second ticket. Once the server has answered (success or refusal), the next submission,
 * even an identical one, is a new one with a new key.
 */
const unansweredKeys = new Map<string, string>();
const MAX_UNANSWERED = 50;

function mayRetryWithSameKey(error: unknown): boolean {
  if (error instanceof DOMException && error.name === 'AbortError') return true;
  if (!(error instanceof ApiError)) return false;
  return error.code === 'network_error' || error.status >= 500 || error.reason === 'idempotency_in_progress';
}

async function submit<S extends z.ZodType>(path: string, schema: S, body: unknown): Promise<z.infer<S>> {
  // Files go as multipart, which the server does not key (decision 008).
  if (body instanceof FormData) return request('POST', path, { schema, body });
  const submission = `${path}\n${JSON.stringify(body ?? null)}`;
  const idempotencyKey = unansweredKeys.get(submission) ?? newIdempotencyKey();
  unansweredKeys.delete(submission);
  unansweredKeys.set(submission, idempotencyKey);
  if (unansweredKeys.size > MAX_UNANSWERED)
    unansweredKeys.delete(unansweredKeys.keys().next().value as string);
  try {
    const result = await request('POST', path, { schema, body, idempotencyKey });
    unansweredKeys.delete(submission);
    return result;
  } catch (error) {
    if (!mayRetryWithSameKey(error)) unansweredKeys.delete(submission);
    throw error;
  }
}

async function request<S extends z.ZodType>(
  method: Method,
  path: string,
  options: RequestOptions<S>,
  retryCsrf = true,
): Promise<z.infer<S>> {
  // Error messages in the language the page speaks (the server prefers the signed-in person's own).
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': webI18n.language };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET') headers['x-csrf-token'] = await ensureCsrfToken();
  if (isPreviewTab()) headers['x-portico-preview'] = '1';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: webI18n.t('ui:api.noConnection'),
    });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    // A stale token (rotated elsewhere, or the cookie expired): fetch a fresh one and try once more.
    if (error.code === 'csrf_failed' && retryCsrf) {
      csrfToken = null;
      return request(method, path, options, false);
    }
    throw error;
  }

  const json: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: 'bad_response',
      message: webI18n.t('ui:api.badResponse'),
    });
  }
  const data = parsed.data;
  if (isRecord(data) && typeof data.csrfToken === 'string') csrfToken = data.csrfToken;
  return data;
}

/** `?a=1&b=x` from the set values of a query object (empty strings and undefined are left out). */
export function toQuery(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') q.set(k, String(v));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal) =>
    request('GET', path, { schema, signal }),
  /** Sends an Idempotency-Key, the same one while the same submission goes unanswered (see `submit`). */
  post: <S extends z.ZodType>(path: string, schema: S, body?: unknown) => submit(path, schema, body),
  put: <S extends z.ZodType>(path: string, schema: S, body?: unknown) =>
    request('PUT', path, { schema, body }),
  patch: <S extends z.ZodType>(path: string, schema: S, body?: unknown) =>
    request('PATCH', path, { schema, body }),
  delete: <S extends z.ZodType>(path: string, schema: S) => request('DELETE', path, { schema }),
};
