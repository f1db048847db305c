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
  assert.equal(auditQueryString(emptyAuditFilters), '');
  assert.equal(hasFilters(emptyAuditFilters), false);
  const q = auditQueryString(
    { clientId: '3', actorId: null, actions: ['auth.login', 'auth.logout'], from: '2026-03-01', to: '' },
    { limit: '50' },
  );
  assert.equal(q, 'clientId=3&action=auth.login%2Cauth.logout&from=2026-03-01&limit=50');
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
