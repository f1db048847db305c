import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { optionalText } from '../../shared/schemas/clients.ts';
import { profilePatch } from '../../shared/schemas/profile.ts';
import { ticketCreateBody } from '../../shared/schemas/tickets.ts';
import { type LimitText, limitWords as limitWordsIn, maxLengthOf } from './character-limit.ts';
import { englishResources } from './i18n/english.ts';
import { createWebI18n } from './i18n/web-i18n.ts';

const i18n = createWebI18n(englishResources);
const english: LimitText = {
  t: (key, params) => i18n.t(key, params),
  number: (n) => new Intl.NumberFormat('en-GB').format(n),
};
const limitWords = (length: number, max: number) => limitWordsIn(length, max, english);

describe('maxLengthOf', () => {
  it('reads the maximum from the shared schema, through optional, nullable and transforms', () => {
    assert.equal(maxLengthOf(ticketCreateBody.shape.subject), 200);
    assert.equal(maxLengthOf(ticketCreateBody.shape.description), 50_000);
    assert.equal(maxLengthOf(profilePatch.shape.phone), 40);
    assert.equal(maxLengthOf(optionalText(120).optional()), 120);
  });

  it('refuses a schema without a maximum, so a field cannot claim a limit it does not have', () => {
    assert.throws(() => maxLengthOf(z.string().min(1)), /no maximum/);
    assert.throws(() => maxLengthOf(z.number().max(3)), /no maximum/);
  });
});

describe('limitWords', () => {
  it('counts quietly far from the limit', () => {
    const w = limitWords(100, 200);
    assert.equal(w.count, '100 / 200');
    assert.equal(w.shown, true);
    assert.equal(w.near, false);
    assert.equal(w.status, '');
    assert.equal(w.spoken, '100 of 200 characters used');
    assert.equal(limitWords(1000, 1200).spoken, '1,000 of 1,200 characters used');
  });

  it('speaks near the limit and says when it is reached', () => {
    assert.equal(limitWords(183, 200).status, '17 characters left of 200.');
    assert.equal(limitWords(199, 200).status, '1 character left of 200.');
    const full = limitWords(200, 200);
    assert.equal(full.atLimit, true);
    assert.match(full.status, /^Limit reached: at most 200 characters/);
  });

  it('shows the count of a long text only near its end', () => {
    assert.equal(limitWords(12, 50_000).shown, false);
    assert.equal(limitWords(40_000, 50_000).shown, true);
    assert.equal(limitWords(40_000, 50_000).count, '40,000 / 50,000');
  });
});
