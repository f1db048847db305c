import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../api/client.ts';
import { formatFileSize, kindLabel, pastedName, precheck, uploadErrorWords, uploadFile } from './upload.ts';

describe('attachment helpers', () => {
  it('writes sizes in bytes, KB and MB', () => {
    assert.equal(formatFileSize(0), '0 bytes');
    assert.equal(formatFileSize(1), '1 byte');
    assert.equal(formatFileSize(1023), '1023 bytes');
    assert.equal(formatFileSize(1024), '1 KB');
    assert.equal(formatFileSize(1536), '1.5 KB');
    assert.equal(formatFileSize(200 * 1024), '200 KB');
    assert.equal(formatFileSize(20 * 1024 * 1024), '20 MB');
    assert.equal(formatFileSize(4.26 * 1024 * 1024), '4.3 MB');
  });

  it('refuses empty and too big files before sending, in words', () => {
    assert.equal(precheck({ name: 'a.txt', size: 10 }, 1024), null);
    assert.equal(precheck({ name: 'a.txt', size: 1024 }, 1024), null);
    assert.equal(precheck({ name: 'a.txt', size: 0 }, 1024), '“a.txt” is empty.');
    assert.equal(
      precheck({ name: 'big.png', size: 25 * 1024 * 1024 }, 20 * 1024 * 1024),
      'Too big: “big.png” is 25 MB; files can be at most 20 MB.',
    );
  });

  it("says what went wrong with the server's message", () => {
    const error = (code: ApiError['code'], message: string) => new ApiError({ status: 400, code, message });
    assert.equal(
      uploadErrorWords(error('payload_too_large', 'The file is larger than the 20 MB limit.')),
      'Too big: The file is larger than the 20 MB limit.',
    );
    assert.equal(
      uploadErrorWords(error('unsupported_media_type', 'Only these kinds of file are accepted: …')),
      'Type refused: Only these kinds of file are accepted: …',
    );
    assert.equal(
      uploadErrorWords(
        error('unprocessable', '“eicar.txt” was refused by the virus scanner (Eicar-Test-Signature).'),
      ),
      'Refused: “eicar.txt” was refused by the virus scanner (Eicar-Test-Signature).',
    );
    assert.equal(uploadErrorWords(error('forbidden', 'No.')), 'Could not upload: No.');
  });

  it('names pasted images by the time, with the right extension', () => {
    const at = new Date(2026, 2, 2, 9, 5, 7);
    assert.equal(pastedName('image/png', at), 'Pasted image 2026-03-02 09-05-07.png');
    assert.equal(pastedName('image/jpeg', at, 2), 'Pasted image 2026-03-02 09-05-07 (2).jpg');
    assert.equal(pastedName('', at), 'Pasted image 2026-03-02 09-05-07.png');
  });

  it('labels the kind of a file', () => {
    assert.equal(kindLabel({ filename: 'report.pdf', contentType: 'application/pdf' }), 'PDF');
    assert.equal(kindLabel({ filename: 'notes', contentType: 'text/plain' }), 'PLAI');
    assert.equal(kindLabel({ filename: 'a.docx', contentType: 'x/y' }), 'DOCX');
  });
});

describe('uploadFile', () => {
  /** A stand-in for the browser's XMLHttpRequest: records what is sent, answers as told. */
  class FakeXhr {
    static sent: { headers: Record<string, string> }[] = [];
    static answers: { status: number; body: unknown }[] = [];
    headers: Record<string, string> = {};
    status = 0;
    responseText = '';
    withCredentials = false;
    upload: { onprogress: ((e: unknown) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    open(): void {}
    setRequestHeader(name: string, value: string): void {
      this.headers[name.toLowerCase()] = value;
    }
    send(): void {
      FakeXhr.sent.push({ headers: this.headers });
      const answer = FakeXhr.answers.shift() ?? { status: 201, body: {} };
      this.status = answer.status;
      this.responseText = JSON.stringify(answer.body);
      queueMicrotask(() => this.onload?.());
    }
    abort(): void {}
  }
  const uploaded = {
    id: 5,
    filename: 'a.txt',
    contentType: 'text/plain',
    sizeBytes: 1,
    url: '/api/v1/uploads/5',
    thumbnailUrl: null,
    internal: false,
    messageId: null,
    createdAt: '2026-03-02T09:00:00.000Z',
  };

  it('sends one Idempotency-Key per file, the same one for its attempt after a stale CSRF token', async () => {
    const realFetch = globalThis.fetch;
    const g = globalThis as unknown as { XMLHttpRequest?: unknown };
    const realXhr = g.XMLHttpRequest;
    g.XMLHttpRequest = FakeXhr;
    globalThis.fetch = (async () =>
      new Response(JSON.stringify({ csrfToken: 'token' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch;
    try {
      FakeXhr.answers = [
        { status: 403, body: { error: { code: 'csrf_failed', message: 'Stale.' } } },
        { status: 201, body: uploaded },
        { status: 201, body: { ...uploaded, id: 6 } },
      ];
      const file = new File(['x'], 'a.txt', { type: 'text/plain' });
      assert.equal((await uploadFile(file, () => {}).promise).id, 5);
      assert.equal((await uploadFile(file, () => {}).promise).id, 6);
      const keys = FakeXhr.sent.map((s) => s.headers['idempotency-key']);
      assert.equal(keys.length, 3);
      assert.match(keys[0] ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(keys[1], keys[0], 'the retry after a stale token is the same upload');
      assert.notEqual(keys[2], keys[0], 'another file sent is another upload');
    } finally {
      globalThis.fetch = realFetch;
      g.XMLHttpRequest = realXhr;
    }
  });
});
