import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translatorFor } from '../../../shared/i18n/i18n.ts';
import { emptySetup, validateSetup } from './setup-form.ts';

const valid = {
  ...emptySetup,
  organisationName: 'Northwind IT',
  ownerName: 'Ada Owner',
  ownerEmail: 'ada@northwind.example',
  ownerPassword: 'correct horse battery',
};

const t = translatorFor('en');

describe('validateSetup', () => {
  it('accepts a complete form', () => {
    assert.deepEqual(validateSetup(valid, t), {});
  });

  it('names every missing field', () => {
    assert.deepEqual(Object.keys(validateSetup(emptySetup, t)).sort(), [
      'organisationName',
      'ownerEmail',
      'ownerName',
      'ownerPassword',
    ]);
  });

  it('asks for 12 characters of password and a plausible email', () => {
    const errors = validateSetup({ ...valid, ownerPassword: 'short pass', ownerEmail: 'ada@' }, t);
    assert.equal(errors.ownerPassword, 'Use at least 12 characters');
    assert.equal(errors.ownerEmail, 'Enter a valid email address');
    assert.deepEqual(validateSetup({ ...valid, ownerPassword: '123456789012' }, t), {});
  });
});
