import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translate } from '../../../shared/i18n/i18n.ts';
import {
  auditQueryString,
  dateRangeProblem,
  detailLines,
  emptyAuditFilters,
  hasFilters,
} from './audit-filters.ts';

test('only the filters that are set go into the query', () => {
  assert.equal(auditQueryString(emptyAuditFilters, 'UTC'), '');
  assert.equal(hasFilters(emptyAuditFilters), false);
  const q = auditQueryString(
    { clientId: '3', actorId: null, actions: ['auth.login', 'auth.logout'], from: '2026-03-01', to: '' },
    'UTC',
    { limit: '50' },
  );
  assert.equal(q, 'clientId=3&action=auth.login%2Cauth.logout&from=2026-03-01T00%3A00%3A00.000Z&limit=50');
});

test('the days are read in the viewer’s time zone and sent as instants', () => {
  const range = (timeZone: string) =>
    Object.fromEntries(
      new URLSearchParams(
        auditQueryString({ ...emptyAuditFilters, from: '2026-03-01', to: '2026-03-31' }, timeZone),
      ),
    );
  // Tokyo is 9 hours ahead: 1 March there begins at 15:00 UTC on 28 February.
  assert.deepEqual(range('Asia/Tokyo'), { from: '2026-02-28T15:00:00.000Z', to: '2026-03-31T15:00:00.000Z' });
  // New York moves its clocks on 8 March: the range starts at UTC-5 and ends at UTC-4.
  assert.deepEqual(range('America/New_York'), {
    from: '2026-03-01T05:00:00.000Z',
    to: '2026-04-01T04:00:00.000Z',
  });
  assert.deepEqual(range('UTC'), { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
  // A half-typed day sends nothing rather than a wrong instant.
  assert.equal(auditQueryString({ ...emptyAuditFilters, from: '2026-03' }, 'UTC'), '');
});

test('a range that ends before it starts is caught before asking the server', () => {
  const problem = dateRangeProblem({ from: '2026-03-05', to: '2026-03-01' });
  assert.ok(problem);
  assert.match(translate('en', problem), /on or after/);
  assert.equal(dateRangeProblem({ from: '2026-03-01', to: '2026-03-01' }), null);
  assert.equal(dateRangeProblem({ from: '', to: '2026-03-01' }), null);
});

test('details read as lines', () => {
  assert.deepEqual(
    detailLines({
      changed: ['name', 'timeZone'],
      rows: 3,
      reason: 'wrong password',
      filters: { clientId: 3, action: ['auth.login'] },
      none: {},
    }),
    [
      'changed: name, timeZone',
      'rows: 3',
      'reason: wrong password',
      'filters: clientId 3; action auth.login',
      'none: none',
    ],
  );
});
