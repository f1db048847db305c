import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidrProblemMessage, normaliseCidr, parseIp } from './cidr.ts';
import { translate } from './i18n/i18n.ts';
import { catalogueLanguages } from './i18n/languages.ts';

test('IPv4 and IPv6 ranges are read into one canonical form', () => {
  const ok = (input: string) => {
    const r = normaliseCidr(input);
    assert.ok(r.ok, `${input}: ${r.ok ? '' : r.reason}`);
    return r.cidr;
  };
  assert.equal(ok('203.0.113.0/24'), '203.0.113.0/24');
  assert.equal(ok(' 198.51.100.7 '), '198.51.100.7/32');
  assert.equal(ok('0.0.0.0/0'), '0.0.0.0/0');
  assert.equal(ok('2001:DB8::/32'), '2001:db8::/32');
  assert.equal(ok('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1/128');
  assert.equal(ok('::1'), '::1/128');
  assert.equal(ok('::/0'), '::/0');
  assert.equal(ok('fe80:0:0:1:0:0:0:0/64'), 'fe80:0:0:1::/64');
  assert.equal(ok('64:ff9b::192.0.2.0/120'), '64:ff9b::c000:200/120');
});

test('bad ranges are refused with a reason', () => {
  for (const bad of [
    '',
    '10.0.0.0/33',
    '256.1.1.1',
    '10.0.0',
    '010.0.0.1',
    '10.0.0.0/8/8',
    '10.0.0.0/-1',
    '2001:db8::/129',
    '2001:db8:::1',
    '1:2:3:4:5:6:7:8:9',
    'example.com',
    '10.0.0.0/ 8',
  ]) {
    const r = normaliseCidr(bad);
    assert.equal(r.ok, false, bad);
  }
  assert.equal(parseIp('nonsense'), null);
  assert.deepEqual(parseIp('::ffff:192.0.2.1'), [192, 0, 2, 1]);
  const hostBits = normaliseCidr('10.1.2.3/8');
  assert.ok(!hostBits.ok && hostBits.reason === 'hostBits' && hostBits.range === '10.0.0.0/8');
});

test('a refused range says why as a catalogue code with its values, in every language, never in English text', () => {
  const refused = ['', '10.0.0.0/8/8', 'example.com', '10.0.0.0/33', '10.1.2.3/8'].map((input) => {
    const r = normaliseCidr(input);
    assert.ok(!r.ok, input);
    assert.equal('message' in r, false, `${input}: no built English message`);
    return cidrProblemMessage(r);
  });
  assert.deepEqual(
    refused.map((m) => m.key),
    [
      'errors:validation.cidrEmpty',
      'errors:validation.cidrSlashes',
      'errors:validation.cidrAddress',
      'errors:validation.cidrPrefix',
      'errors:validation.cidrHostBits',
    ],
  );
  assert.deepEqual(refused[4]?.params, { text: '10.1.2.3/8', range: '10.0.0.0/8' });
  for (const language of catalogueLanguages) {
    for (const m of refused) {
      const text = translate(language, m);
      assert.notEqual(text, m.key.split(':')[1], `${language} ${m.key}`);
      for (const value of Object.values(m.params ?? {}))
        assert.ok(text.includes(String(value)), `${language}: ${text}`);
    }
  }
  assert.match(
    translate('de', refused[4] ?? { key: 'errors:validation.cidrEmpty' }),
    /Host-Bits.*10\.0\.0\.0\/8/,
  );
});
