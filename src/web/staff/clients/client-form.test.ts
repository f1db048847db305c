import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translatorFor } from '../../../shared/i18n/i18n.ts';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { localProblems, readAllowlist, toCreateBody, toPatch, valuesFromClient } from './client-form.ts';

const client: ClientResponse = {
  id: 7,
  name: 'Acme',
  phone: null,
  website: 'https://acme.example',
  notes: 'Internal',
  portalEnabled: true,
  requireMfa: false,
  ipAllowlist: ['203.0.113.0/24'],
  sites: [{ id: 3, label: 'HQ', address: '1 Road' }],
  language: null,
  timeZone: null,
  currency: 'EUR',
  contactCount: 0,
  portalUserCount: 0,
  archivedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

test('an untouched form sends nothing; a change sends only itself', () => {
  const initial = valuesFromClient(client);
  assert.deepEqual(toPatch(initial, { ...initial }), {});
  assert.deepEqual(toPatch(initial, { ...initial, phone: ' 0123 ' }), { phone: '0123' });
  assert.deepEqual(toPatch(initial, { ...initial, website: '' }), { website: null });
  assert.deepEqual(toPatch(initial, { ...initial, allowlistText: '203.0.113.0/24\n' }), {});
  assert.deepEqual(toPatch(initial, { ...initial, allowlistText: '203.0.113.0/24\n2001:DB8::/32' }), {
    ipAllowlist: ['203.0.113.0/24', '2001:db8::/32'],
  });
  const sites = [...initial.sites, { key: 'n1', label: 'Depot', address: '2 Road' }];
  assert.deepEqual(toPatch(initial, { ...initial, sites }), {
    sites: [
      { id: 3, label: 'HQ', address: '1 Road' },
      { label: 'Depot', address: '2 Road' },
    ],
  });
  assert.deepEqual(toPatch(initial, { ...initial, sites: [] }), { sites: [] });
});

test('problems a person can fix are found before sending', () => {
  const values = {
    ...valuesFromClient(),
    allowlistText: '10.0.0.0/8\nnot an address\n10.1.0.0/8',
    sites: [{ key: 'a', label: '', address: '' }],
  };
  const found = localProblems(values, translatorFor('en'));
  assert.equal(found.name, 'Enter the client’s name');
  assert.match(found.ipAllowlist ?? '', /Line 2: “not an address” is not an IPv4.*Line 3: .*10\.0\.0\.0\/8/);
  const german = localProblems(values, translatorFor('de'));
  assert.match(german.ipAllowlist ?? '', /Zeile 2.*Zeile 3/);
  assert.ok(found['sites.0.label'] && found['sites.0.address']);
  assert.deepEqual(readAllowlist('198.51.100.7, 198.51.100.7').ranges, ['198.51.100.7/32']);
  const body = toCreateBody({ ...valuesFromClient(), name: ' New Co ', notes: '  ' });
  assert.equal(body.name, 'New Co');
  assert.equal(body.notes, null);
  assert.equal(body.portalEnabled, true);
});

test('language, time zone and currency: empty is the organisation’s, and only a change is sent', () => {
  const initial = valuesFromClient(client);
  assert.equal(initial.language, '');
  assert.equal(initial.timeZone, '');
  assert.equal(initial.currency, 'EUR');
  assert.deepEqual(
    toPatch(initial, { ...initial, language: 'ar', timeZone: 'Asia/Dubai', currency: 'AED' }),
    {
      language: 'ar',
      timeZone: 'Asia/Dubai',
      currency: 'AED',
    },
  );
  const own = valuesFromClient({ ...client, language: 'de', timeZone: 'Europe/Berlin' });
  assert.deepEqual(toPatch(own, { ...own, language: '', timeZone: '' }), { language: null, timeZone: null });

  const fresh = valuesFromClient();
  assert.equal(fresh.currency, '');
  const inherit = toCreateBody({ ...fresh, name: 'Inherits' });
  assert.equal(inherit.language, null);
  assert.equal(inherit.timeZone, null);
  assert.equal('currency' in inherit, false, 'left out: the server uses the organisation’s');
  const chosen = toCreateBody({
    ...fresh,
    name: 'Own',
    language: 'pl',
    timeZone: 'Europe/Warsaw',
    currency: 'PLN',
  });
  assert.deepEqual([chosen.language, chosen.timeZone, chosen.currency], ['pl', 'Europe/Warsaw', 'PLN']);
});
