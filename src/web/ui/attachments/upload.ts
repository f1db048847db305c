import { fileNameStamp, formatFileSize } from '../../../shared/format/format.ts';
import { csrfResponse } from '../../../shared/schemas/auth.ts';
import { type UploadResponse, uploadResponse } from '../../../shared/schemas/tickets.ts';
import { ApiError, api, isPreviewTab, newIdempotencyKey } from '../../api/client.ts';
import { webI18n } from '../i18n/instance.ts';

export type { UploadResponse } from '../../../shared/schemas/tickets.ts';

/** What a file is, in a few letters: "PDF", "DOCX", "TXT". */
export function kindLabel(attachment: { filename: string; contentType: string }): string {
  const dot = attachment.filename.lastIndexOf('.');
  const ext = dot > 0 ? attachment.filename.slice(dot + 1) : '';
  if (ext && ext.length <= 5) return ext.toUpperCase();
  return (attachment.contentType.split('/')[1] ?? 'file').slice(0, 4).toUpperCase();
}

/** A file picked, dropped or pasted, refused before it is sent; null when it may go. */
export function precheck(file: { name: string; size: number }, maxBytes: number): string | null {
  if (file.size === 0) return webI18n.t('ui:upload.empty', { name: file.name });
  if (file.size > maxBytes) {
    return webI18n.t('ui:upload.tooBig', {
      name: file.name,
      size: formatFileSize(file.size, webI18n.language),
      limit: formatFileSize(maxBytes, webI18n.language),
    });
  }
  return null;
}

/** Words for a failed upload, with the server's own explanation. */
export function uploadErrorWords(error: ApiError): string {
  if (error.code === 'payload_too_large')
    return webI18n.t('ui:upload.tooBigServer', { message: error.message });
  if (error.code === 'unsupported_media_type')
    return webI18n.t('ui:upload.typeRefused', { message: error.message });
  // A damaged image, something hidden after one, an unsound archive, a virus.
  if (error.code === 'unprocessable') return webI18n.t('ui:upload.refused', { message: error.message });
  if (error.code === 'network_error') return error.message;
  return webI18n.t('ui:upload.failed', { message: error.message });
}

/**
 * A name for an image pasted from the clipboard (browsers call every one "image.png"), in the page's
 * language with the date and time in the viewer's zone: "Pasted image 2026-03-02 09-05-07.png",
 * "Eingefügtes Bild 2026-03-02 09-05-07.png".
 */
export function pastedName(type: string, at: Date, timeZone: string, index = 0): string {
  const sub = (type.split('/')[1] ?? '').replace(/[^a-z0-9]/g, '');
  const ext = sub === 'jpeg' ? 'jpg' : sub || 'png';
  const name = webI18n.t('ui:upload.pastedName', fileNameStamp(at, timeZone));
  // No path separators or reserved characters from a translation: the name is only a name.
  const safe = name.replace(/[\\/:*?"<>|]/g, '-').trim();
  return `${safe}${index > 0 ? ` (${index})` : ''}.${ext}`;
}

function errorFromXhr(xhr: XMLHttpRequest): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    // Not JSON: a proxy's page, say.
  }
  const error =
    typeof body === 'object' && body !== null && 'error' in body
      ? (body as { error: { code?: unknown; message?: unknown; fields?: unknown } }).error
      : null;
  if (error && typeof error.message === 'string') {
    return new ApiError({
      status: xhr.status,
      code: (typeof error.code === 'string' ? error.code : 'bad_request') as ApiError['code'],
      message: error.message,
      fields: (typeof error.fields === 'object' && error.fields !== null ? error.fields : {}) as Record<
        string,
        string
      >,
    });
  }
  if (xhr.status === 413) {
    return new ApiError({
      status: 413,
      code: 'payload_too_large',
      message: webI18n.t('ui:upload.fileTooLarge'),
    });
  }
  return new ApiError({
    status: xhr.status,
    code: xhr.status >= 500 ? 'internal_error' : 'bad_request',
    message:
      xhr.status >= 500
        ? webI18n.t('ui:upload.serverFailed')
        : webI18n.t('ui:upload.httpFailed', { status: xhr.status }),
  });
}

let csrfToken: string | null = null;

async function csrf(refresh = false): Promise<string> {
  if (!csrfToken || refresh) csrfToken = (await api.get('/auth/csrf', csrfResponse)).csrfToken;
  return csrfToken;
}

export interface UploadHandle {
  promise: Promise<UploadResponse>;
  abort(): void;
}

/**
 * Sends one file to POST /api/v1/uploads through XMLHttpRequest (fetch cannot report upload
 * progress), with the CSRF header the API asks of every change, as src/web/api/client.ts sends it.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): UploadHandle {
  // One Idempotency-Key per file sent (decision 008), the same for the attempt after a stale token.
  const idempotencyKey = newIdempotencyKey();
  let current: XMLHttpRequest | null = null;
  let aborted = false;
  const attempt = (token: string) =>
    new Promise<UploadResponse>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open('POST', '/api/v1/uploads');
      xhr.withCredentials = true;
      xhr.setRequestHeader('accept', 'application/json');
      xhr.setRequestHeader('x-csrf-token', token);
      xhr.setRequestHeader('idempotency-key', idempotencyKey);
      if (isPreviewTab()) xhr.setRequestHeader('x-portico-preview', '1');
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total));
      };
      xhr.onerror = () =>
        reject(
          new ApiError({
            status: 0,
            code: 'network_error',
            message: webI18n.t('ui:api.noConnection'),
          }),
        );
      xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
      xhr.onload = () => {
        if (xhr.status === 201 || xhr.status === 200) {
          try {
            const parsed = uploadResponse.safeParse(JSON.parse(xhr.responseText));
            if (parsed.success) {
              onProgress(1);
              resolve(parsed.data);
              return;
            }
          } catch {
            // Falls through to the error below.
          }
          reject(
            new ApiError({
              status: xhr.status,
              code: 'bad_response',
              message: webI18n.t('ui:api.badResponse'),
            }),
          );
          return;
        }
        reject(errorFromXhr(xhr));
      };
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });

  const promise = (async () => {
    try {
      return await attempt(await csrf());
    } catch (error) {
      // A stale token (rotated at sign-in elsewhere): fetch a fresh one and try once more.
      if (!aborted && error instanceof ApiError && error.code === 'csrf_failed') {
        onProgress(0);
        return attempt(await csrf(true));
      }
      throw error;
    }
  })();
  return {
    promise,
    abort() {
      aborted = true;
      (current as XMLHttpRequest | null)?.abort();
    },
  };
}

/** Removes an upload that was not sent with anything (best effort: the server forgets it in a day anyway). */
export async function discardUpload(id: number): Promise<void> {
  try {
    const headers: Record<string, string> = { 'x-csrf-token': await csrf() };
    if (isPreviewTab()) headers['x-portico-preview'] = '1';
    await fetch(`/api/v1/uploads/${id}`, { method: 'DELETE', headers, credentials: 'same-origin' });
  } catch {
    // Nothing to tell anyone: the upload expires by itself.
  }
}
