import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ApiError } from '../../api/client.ts';
import { webI18n } from '../i18n/instance.ts';
import {
  type Catalogue,
  type LanguageResources,
  type WebNamespace,
  webNamespaces,
} from '../i18n/resources.ts';
import { switchLanguage } from '../i18n/web-i18n.ts';
import { kindLabel, pastedName, precheck, uploadErrorWords, uploadFile } from './upload.ts';

describe('attachment helpers', () => {
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

  it('names pasted images by the date and time in the viewer’s zone, with the right extension', () => {
    const at = new Date('2026-03-02T09:05:07Z');
    assert.equal(pastedName('image/png', at, 'UTC'), 'Pasted image 2026-03-02 09-05-07.png');
    assert.equal(pastedName('image/jpeg', at, 'UTC', 2), 'Pasted image 2026-03-02 09-05-07 (2).jpg');
    assert.equal(pastedName('', at, 'UTC'), 'Pasted image 2026-03-02 09-05-07.png');
    assert.equal(pastedName('image/png', at, 'America/Los_Angeles'), 'Pasted image 2026-03-02 01-05-07.png');
    assert.equal(pastedName('image/png', at, 'Pacific/Auckland'), 'Pasted image 2026-03-02 22-05-07.png');
  });

  it('labels the kind of a file', () => {
    assert.equal(kindLabel({ filename: 'report.pdf', contentType: 'application/pdf' }), 'PDF');
    assert.equal(kindLabel({ filename: 'notes', contentType: 'text/plain' }), 'PLAI');
    assert.equal(kindLabel({ filename: 'a.docx', contentType: 'x/y' }), 'DOCX');
  });
});

describe('attachment helpers in another language', () => {
  const locales = path.resolve(import.meta.dirname, '../../../shared/i18n/locales');
  const read = (language: string, ns: WebNamespace): Catalogue =>
    JSON.parse(readFileSync(path.join(locales, language, `${ns}.json`), 'utf8')) as Catalogue;
  const english = Object.fromEntries(webNamespaces.map((ns) => [ns, read('en', ns)])) as LanguageResources;
  const source = async (language: string, ns: WebNamespace) => read(language, ns);
  after(() => switchLanguage(webI18n, 'en', source, english));

  it('names a pasted image in the page’s language, and writes sizes in it', async () => {
    const at = new Date('2026-03-02T23:30:00Z');
    await switchLanguage(webI18n, 'de', source, english);
    assert.equal(pastedName('image/png', at, 'Europe/Berlin'), 'Eingefügtes Bild 2026-03-03 00-30-00.png');
    assert.equal(
      precheck({ name: 'big.png', size: 25.5 * 1024 * 1024 }, 20 * 1024 * 1024),
      'Zu groß: „big.png“ hat 25,5 MB; Dateien dürfen höchstens 20 MB groß sein.',
    );
    await switchLanguage(webI18n, 'ar', source, english);
    assert.equal(pastedName('image/jpeg', at, 'Asia/Riyadh', 1), 'صورة ملصقة 2026-03-03 02-30-00 (1).jpg');
    const refused = precheck({ name: 'big.png', size: 25 * 1024 * 1024 }, 20 * 1024 * 1024) ?? '';
    assert.match(refused, /25 م\.ب/);
    assert.doesNotMatch(refused, /MB/);
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
