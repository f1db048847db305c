import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translate } from '../../../shared/i18n/i18n.ts';
import { type ArchiveLimits, archiveKind, checkArchive } from './archive-check.ts';
import { deflated, zeros, zipEntries, zipOf } from './attachments.fixtures.ts';
import { imageEnd, isActiveContent } from './image-check.ts';

const limits: ArchiveLimits = {
  maxExpandedBytes: 1024 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 10_000,
  maxDepth: 2,
};

const refused = async (data: Buffer, options: Partial<ArchiveLimits> = {}) => {
  const verdict = await checkArchive(data, { ...limits, ...options });
  assert.equal(verdict.ok, false, 'refused');
  const no = verdict as Extract<typeof verdict, { ok: false }>;
  // The reason is a catalogue message: read here in English.
  return { ...no, reason: translate('en', no.reason), message: no.reason };
};

describe('archive inspection', () => {
  test('a sound archive passes with its entries and declared size counted', async () => {
    const verdict = await checkArchive(zipOf({ 'a.txt': 'one', 'b/c.txt': 'three' }), limits);
    assert.deepEqual(verdict, { ok: true, entries: 2, expandedBytes: 8 });
  });

  test('limits: entries, total expanded size, ratio (small archives are not held to the ratio)', async () => {
    const many = zipOf(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}.txt`, 'x'])));
    const tooMany = await refused(many, { maxEntries: 10 });
    assert.equal(tooMany.problem, 'too_large');
    assert.match(tooMany.reason, /holds more than 10 files/);
    assert.match(translate('pl', tooMany.message), /^zawiera ponad 10 plików/);

    const bomb = zipEntries([await zeros(20, 'zeros.bin')]);
    const total = await refused(bomb, { maxExpandedBytes: 10 * 1024 * 1024, maxRatio: 10_000 });
    assert.match(total.reason, /would expand to more than 10 MB \(at least 20 MB\)/);
    assert.match((await refused(bomb)).reason, /times its own size/);

    // 900 KB of zeros compress about a thousand times, but stay under the 1 MB floor of the ratio.
    const small = zipEntries([deflated('blank.txt', Buffer.alloc(900 * 1024))]);
    assert.equal((await checkArchive(small, limits)).ok, true);
  });

  test('lying headers: sizes smaller than the content, overlapping entries, zip64 fields that are missing', async () => {
    const liar = await refused(zipEntries([deflated('a.bin', Buffer.alloc(2 * 1024 * 1024), 10)]));
    assert.equal(liar.problem, 'invalid');
    assert.match(liar.reason, /does not hold what its header says/);

    // Two central-directory records pointing at the same data (the overlapping-file bomb).
    const one = zipOf({ 'a.txt': 'shared bytes' });
    const cdStart = one.readUInt32LE(one.length - 22 + 16);
    const cdLength = one.readUInt32LE(one.length - 22 + 12);
    const record = one.subarray(cdStart, cdStart + cdLength);
    const copy = Buffer.from(record);
    copy.write('b', 46, 'latin1');
    const end = Buffer.from(one.subarray(one.length - 22));
    end.writeUInt16LE(2, 8);
    end.writeUInt16LE(2, 10);
    end.writeUInt32LE(cdLength * 2, 12);
    const overlapping = Buffer.concat([one.subarray(0, cdStart), record, copy, end]);
    const overlap = await refused(overlapping);
    assert.match(overlap.reason, /entries overlap/);

    // 0xFFFFFFFF sizes say "see the zip64 extra field", which is not there.
    const zip64 = Buffer.from(zipOf({ 'a.txt': 'x' }));
    const cd = zip64.readUInt32LE(zip64.length - 22 + 16);
    zip64.writeUInt32LE(0xffffffff, cd + 20);
    zip64.writeUInt32LE(0xffffffff, cd + 24);
    const noExtra = await refused(zip64);
    assert.equal(noExtra.problem, 'invalid');
    assert.match(noExtra.reason, /zip64/);

    // A name that climbs out of the archive (zip slip), or starts at the root.
    for (const name of ['../../etc/cron.d/job', '/etc/passwd']) {
      const slip = await refused(zipOf({ [name]: 'x' }));
      assert.equal(slip.problem, 'invalid', name);
    }

    const garbage = await refused(Buffer.from('PK\x03\x04 not really a zip at all', 'latin1'));
    assert.match(garbage.reason, /cannot be read as a ZIP archive/);
  });

  test('nesting: looked into up to the depth; other archive kinds known by content or name', async () => {
    const inner = zipOf({ 'x.txt': 'x' });
    const once = zipEntries([deflated('inner.zip', inner)]);
    assert.equal((await checkArchive(once, limits)).ok, true);
    const flat = await refused(once, { maxDepth: 1 });
    assert.equal(flat.problem, 'nested');
    assert.match(flat.reason, /holds another archive \(“inner\.zip”\)/);
    assert.equal(
      translate('de', flat.message),
      'es enthält ein weiteres Archiv („inner.zip“), und Archive in Archiven werden nicht angenommen',
    );
    // Found by content whatever its name; a gzip at the last level counts as an archive too.
    const disguised = zipEntries([deflated('notes.txt', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]))]);
    assert.match((await refused(disguised, { maxDepth: 1 })).reason, /“notes\.txt”/);
    // The nested archive's own contents count toward the limits.
    const bombInside = zipEntries([deflated('inner.zip', zipEntries([await zeros(20, 'z.bin')]))]);
    assert.match((await refused(bombInside)).reason, /times its own size/);
  });

  test('archive kinds by their first bytes', () => {
    assert.equal(archiveKind(Buffer.from('PK\x03\x04', 'latin1')), 'zip');
    assert.equal(archiveKind(Buffer.from('7z\xbc\xaf\x27\x1c', 'latin1')), 'other');
    const tar = Buffer.alloc(512);
    tar.write('ustar', 257, 'latin1');
    assert.equal(archiveKind(tar), 'other');
    assert.equal(archiveKind(Buffer.from('hello')), null);
  });
});

describe('where an image ends', () => {
  test('PNG, GIF, WebP and JPEG ends are found; trailing markup is active content, a video is not', async () => {
    const { default: sharp } = await import('sharp');
    const make = (format: 'png' | 'gif' | 'webp' | 'jpeg') =>
      sharp({ create: { width: 16, height: 8, channels: 3, background: '#336699' } })
        .toFormat(format)
        .toBuffer();
    for (const [format, name] of [
      ['png', 'png'],
      ['gif', 'gif'],
      ['webp', 'webp'],
      ['jpeg', 'jpg'],
    ] as const) {
      const image = await make(format);
      const tail = Buffer.from('trailing bytes');
      assert.equal(imageEnd(name, Buffer.concat([image, tail])), image.length, format);
    }
    assert.equal(
      imageEnd('gif', Buffer.from('GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=1;', 'latin1')),
      'malformed',
    );
    assert.equal(isActiveContent(Buffer.from('\n<script>alert(1)</script>')), true);
    assert.equal(isActiveContent(Buffer.from('<SVG onload=alert(1)>')), true);
    assert.equal(isActiveContent(Buffer.from('PK\x03\x04rest of a jar', 'latin1')), true);
    assert.equal(isActiveContent(Buffer.from('\0\0\0\x18ftypmp42 video', 'latin1')), false);
    assert.equal(isActiveContent(Buffer.alloc(64)), false);
  });
});
