import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../api/client.ts';
import { formatFileSize, kindLabel, pastedName, precheck, uploadErrorWords } from './upload.ts';

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
