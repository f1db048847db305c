import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { translate } from '../../../shared/i18n/i18n.ts';
import { classify, type Verdict } from './content-types.ts';
import {
  asciiFallback,
  contentDisposition,
  MAX_FILENAME_LENGTH,
  sanitizeFilename,
  withExtension,
} from './filenames.ts';

/** A refusal's reason in a language (English unless told). */
const reason = (v: Verdict, language = 'en') => (v.ok ? '' : translate(language, v.reason));

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
const control = /[\u0000-\u001f\u007f-\u009f]/;

/** Names as they come: any text, path-like text, and text built from awkward pieces. */
const names = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(
      fc.constantFrom(
        '/',
        '\\',
        '..',
        '.',
        ' ',
        '\u0000',
        '\n',
        '\u202e',
        '\u200b',
        ':',
        '*',
        '?',
        '"',
        '<',
        'CON',
        'a',
        'é',
        '😀',
        '.pdf',
        '.tar.gz',
        'x'.repeat(150),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join('')),
);

describe('file names', () => {
  test('property: never a path part, a control character, empty, or over 200 characters; stable', () => {
    fc.assert(
      fc.property(names, (input) => {
        const out = sanitizeFilename(input);
        assert.ok(!out.includes('/'), out);
        assert.ok(!out.includes('\\'), out);
        assert.ok(!control.test(out), JSON.stringify(out));
        assert.ok(!/[<>:"|?*]/.test(out), out);
        assert.ok(out.length > 0);
        assert.ok(out.length <= MAX_FILENAME_LENGTH, `${out.length}`);
        assert.equal(out, out.trim());
        assert.ok(!out.startsWith('.') && !out.endsWith('.'), out);
        assert.equal(sanitizeFilename(out), out, 'sanitising twice changes nothing');
        // No lone surrogate was left behind by shortening.
        assert.equal(
          out,
          Buffer.from(out, 'utf8')
            .toString('utf8')
            .replace(/\ufffd/g, '\ufffd'),
        );
      }),
      { numRuns: 2000 },
    );
  });

  test('property: a long name keeps its extension', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 500, unit: 'grapheme' }).filter((s) => /[\p{L}\p{N}]/u.test(s)),
        fc.constantFrom('pdf', 'png', 'docx', 'txt', 'jpeg'),
        (stem, ext) => {
          const out = sanitizeFilename(`${'n'.repeat(210)}${stem}.${ext}`);
          assert.ok(out.length <= MAX_FILENAME_LENGTH);
          assert.ok(out.endsWith(`.${ext}`), out);
        },
      ),
    );
  });

  test('property: the headers built from any name are safe ASCII', () => {
    fc.assert(
      fc.property(names, (input) => {
        const header = contentDisposition('attachment', input);
        assert.match(header, /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]*$/);
        assert.ok(!/[\r\n]/.test(header));
        const fallback = asciiFallback(sanitizeFilename(input));
        assert.ok(!fallback.includes('"') && !fallback.includes('\\'));
      }),
    );
  });

  test('examples', () => {
    const cases: [string, string][] = [
      ['../../etc/passwd', 'passwd'],
      ['C:\\Users\\ann\\Desktop\\report.pdf', 'report.pdf'],
      ['  spaced out .txt  ', 'spaced out .txt'],
      ['tab\there\u0000.txt', 'tabhere.txt'],
      ['invoice\u202efdp.exe', 'invoicefdp.exe'],
      ['what?*<>:|".png', 'what_______.png'],
      ['', 'attachment'],
      ['   ', 'attachment'],
      ['...', 'attachment'],
      ['/', 'attachment'],
      ['.env', 'attachment.env'],
      ['CON.txt', '_CON.txt'],
      ['trailing dots...', 'trailing dots'],
      ['Café ☕.txt', 'Café ☕.txt'],
    ];
    for (const [input, expected] of cases)
      assert.equal(sanitizeFilename(input), expected, JSON.stringify(input));
    const long = sanitizeFilename(`${'a'.repeat(300)}.pdf`);
    assert.equal(long.length, 200);
    assert.ok(long.endsWith('a.pdf'));
    const emoji = sanitizeFilename(`${'😀'.repeat(150)}.png`);
    assert.ok(emoji.length <= 200 && emoji.endsWith('😀.png'), 'shortened on whole characters');
    assert.equal(withExtension('x'.repeat(200), 'png').length, 200);
    assert.ok(withExtension('x'.repeat(200), 'png').endsWith('x.png'));
  });

  test('Content-Disposition: ASCII fallback and the UTF-8 name', () => {
    assert.equal(
      contentDisposition('attachment', 'Relevé de compte "mars".pdf'),
      `attachment; filename="Releve de compte _mars_.pdf"; filename*=UTF-8''Relev%C3%A9%20de%20compte%20_mars_.pdf`,
    );
    assert.equal(
      contentDisposition('attachment', "O'Brien (draft).txt"),
      `attachment; filename="O'Brien (draft).txt"; filename*=UTF-8''O%27Brien%20%28draft%29.txt`,
    );
    assert.equal(
      contentDisposition('inline', '日本.png'),
      `inline; filename="__.png"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.png`,
    );
  });
});

describe('content types', () => {
  const facts = (
    filename: string,
    detected: { ext: string; mime: string } | undefined,
    text = 'hello',
    extra: Partial<{ utf8: boolean; noNul: boolean }> = {},
  ) => ({ filename, detected, head: Buffer.from(text), utf8: true, noNul: true, ...extra });
  const png = { ext: 'png', mime: 'image/png' };

  test('accepted kinds, by content, keep or gain the right extension', () => {
    assert.deepEqual(classify(facts('shot.png', png)), {
      ok: true,
      filename: 'shot.png',
      contentType: 'image/png',
      image: true,
    });
    assert.deepEqual(classify(facts('photo.JPEG', { ext: 'jpg', mime: 'image/jpeg' })), {
      ok: true,
      filename: 'photo.JPEG',
      contentType: 'image/jpeg',
      image: true,
    });
    const scan = classify(facts('scan', png));
    assert.ok(scan.ok && scan.filename === 'scan.png', 'no extension: the true one is added');
    const heic = classify(facts('photo.heic', { ext: 'jpg', mime: 'image/jpeg' }));
    assert.ok(
      heic.ok && heic.filename === 'photo.heic.jpg',
      'an extension no kind uses: the true one is added',
    );
    const apng = classify(facts('anim.png', { ext: 'apng', mime: 'image/apng' }));
    assert.ok(apng.ok && apng.contentType === 'image/png');
    for (const [name, type] of [
      ['a.txt', 'text/plain'],
      ['a.log', 'text/plain'],
      ['a.csv', 'text/csv'],
      ['a.json', 'application/json'],
      ['a.md', 'text/markdown'],
    ] as const) {
      const v = classify(facts(name, undefined));
      assert.ok(v.ok && v.contentType === type && v.filename === name, name);
    }
    const readme = classify(facts('README', undefined));
    assert.ok(readme.ok && readme.filename === 'README.txt');
    const eml = classify(
      facts('mail.eml', undefined, 'From: a@b.example\r\nSubject: x\r\n\r\nhi', { utf8: false }),
    );
    assert.ok(eml.ok && eml.contentType === 'message/rfc822');
  });

  test('a name that claims another kind than the content is refused, naming the true kind', () => {
    const v = classify(facts('invoice.pdf', png));
    assert.equal(v.ok, false);
    assert.match(reason(v), /invoice\.pdf.*PDF document.*PNG image.*\.png/);
    assert.equal(
      reason(v, 'de'),
      'Der Name „invoice.pdf“ steht für ein PDF-Dokument, der Inhalt ist aber ein PNG-Bild. Benennen Sie die Datei in .png um, wenn das stimmt, oder wählen Sie eine andere Datei.',
    );
    const text = classify(facts('invoice.pdf', undefined));
    assert.match(reason(text), /plain text/);
    assert.match(reason(text, 'pl'), /wskazuje na typ: dokument PDF, ale zawartość to: zwykły tekst\./);
    const docx = classify(facts('sheet.xlsx', { ext: 'docx', mime: 'x' }));
    assert.equal(docx.ok, false);
  });

  test('executables, HTML, SVG, binary junk and unlisted text are refused, naming the allowed kinds', () => {
    const refused = [
      classify(facts('setup.exe', { ext: 'exe', mime: 'application/x-msdownload' })),
      classify(facts('setup.pdf', { ext: 'exe', mime: 'application/x-msdownload' })),
      classify(facts('page.html', undefined, '<p>hi</p>')),
      classify(facts('page.txt', undefined, '  <!DOCTYPE html><html>')),
      classify(facts('logo.svg', undefined, '<svg xmlns="http://www.w3.org/2000/svg">')),
      classify(facts('logo.txt', undefined, '<svg xmlns="http://www.w3.org/2000/svg">')),
      classify(facts('data.xml', { ext: 'xml', mime: 'application/xml' })),
      classify(facts('blob.bin', undefined, 'x', { noNul: false })),
      classify(facts('latin1.txt', undefined, 'caf\xe9', { utf8: false })),
      classify(facts('script.sh', undefined, 'rm -rf /')),
      classify(facts('legacy.doc', { ext: 'cfb', mime: 'application/x-cfb' })),
    ];
    for (const v of refused) {
      assert.equal(v.ok, false);
      assert.match(reason(v), /PNG, JPEG, GIF, WebP/);
      assert.match(reason(v), /images.*PDF.*DOCX.*ZIP.*EML.*TXT/);
      assert.match(
        reason(v, 'fr'),
        /Seuls ces types de fichiers sont acceptés : images \(PNG, JPEG, GIF, WebP\)/,
      );
    }
    assert.equal(
      reason(refused[0] as Verdict, 'es'),
      '«setup.exe» es un tipo de archivo que no se acepta (EXE). Solo se aceptan estos tipos de archivo: imágenes (PNG, JPEG, GIF, WebP), PDF, documentos de Office (DOCX, XLSX, PPTX, ODT, ODS), ZIP, correos (EML) y texto (TXT, CSV, LOG, JSON, MD).',
    );
  });
});
