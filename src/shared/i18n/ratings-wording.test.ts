import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translate } from './i18n.ts';

/** The ratings tab's period and totals, as a reader of each language would say them (issue 13's review). */
test('the ratings period reads naturally for one day, some days and whole millions', () => {
  const period = (language: string, count: number) =>
    translate(language, 'staffAdmin:clients.ratings.lastDays', { count }).replace(/\s/g, ' ');
  // One day is "the last day", not "the last 1 day".
  assert.equal(period('en', 1), 'Last day');
  assert.equal(period('de', 1), 'Letzter Tag');
  assert.equal(period('fr', 1), 'Dernier jour');
  assert.equal(period('es', 1), 'Último día');
  assert.equal(period('pl', 1), 'Ostatni dzień');
  assert.equal(period('fr', 30), '30 derniers jours');
  assert.equal(period('es', 30), 'Últimos 30 días');
  assert.equal(period('pl', 30), 'Ostatnie 30 dni');
  // French and Spanish `many` (whole millions) take "de": "1 000 000 de jours", "1.000.000 de días".
  assert.equal(period('fr', 1_000_000), '1 000 000 de derniers jours');
  assert.equal(period('es', 1_000_000), 'Últimos 1.000.000 de días');
});

test('the ratings totals say what the percentage counts', () => {
  const totals = (language: string) =>
    translate(language, 'staffAdmin:clients.ratings.totals', { good: 3, bad: 1, percent: '75 %' });
  assert.equal(totals('de'), 'Gut: 3 · Schlecht: 1 · davon 75 % gut');
  assert.equal(totals('fr'), 'Bien\u00a0: 3 · Mal\u00a0: 1 · 75 % d’évaluations positives');
  assert.equal(totals('es'), 'Bien: 3 · Mal: 1 · 75 % de valoraciones positivas');
});
