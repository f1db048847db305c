import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNavActive } from './nav-active.ts';

describe('isNavActive', () => {
  it('matches home links exactly, with or without a trailing slash', () => {
    assert.equal(isNavActive('/staff/', '/staff/', true), true);
    assert.equal(isNavActive('/staff', '/staff/', true), true);
    assert.equal(isNavActive('/staff/settings', '/staff/', true), false);
  });

  it('matches section links by prefix', () => {
    assert.equal(isNavActive('/staff/settings', '/staff/settings'), true);
    assert.equal(isNavActive('/staff/settings/', '/staff/settings'), true);
    assert.equal(isNavActive('/staff/settings/logo', '/staff/settings'), true);
    assert.equal(isNavActive('/staff/settingsx', '/staff/settings'), false);
  });
});
