import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseCidr, parseIp } from './cidr.ts';

test('IPv4 and IPv6 ranges are read into one canonical form', () => {
  const ok = (input: string) => {
    const r = normaliseCidr(input);
    assert.ok(r.ok, `${input}: ${r.ok ? '' : r.message}`);
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
  assert.ok(!hostBits.ok && /10\.0\.0\.0\/8/.test(hostBits.message));
});
