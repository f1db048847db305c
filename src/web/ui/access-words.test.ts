import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtPortalFeatures } from '../../shared/features.ts';
import { contactPermissions, effectivePermissions, permissionFeature } from '../../shared/permissions.ts';
import { accessSummary, permissionWords, presetsInWords } from './access-words.ts';
import { webI18n } from './i18n/instance.ts';

const permissionText = (p: keyof typeof permissionWords) => webI18n.t(permissionWords[p]);

describe('accessSummary', () => {
  it('has words for every permission', () => {
    for (const p of contactPermissions) assert.ok(permissionWords[p].length > 0, p);
  });

  it('leaves out what a broader permission already says', () => {
    const summary = accessSummary([
      'tickets:view-own',
      'tickets:view-company',
      'contacts:view',
      'contacts:manage',
    ]);
    assert.deepEqual(summary, ["See all of your company's tickets", permissionText('contacts:manage')]);
  });

  it('says nothing for no permissions and lists each once', () => {
    assert.deepEqual(accessSummary([]), []);
    assert.deepEqual(accessSummary(['reports:view', 'reports:view']), [permissionText('reports:view')]);
  });

  it('never names a feature that is not built: a Primary contact reads only what exists', () => {
    const summary = accessSummary(effectivePermissions(['primary']));
    for (const p of contactPermissions) {
      const feature = permissionFeature[p];
      const built = feature === null || (builtPortalFeatures as readonly string[]).includes(feature);
      const named = summary.includes(permissionText(p));
      // A narrower permission may be left out for a broader one; a permission of an unbuilt feature always is.
      if (!built) assert.equal(named, false, `${p} (${feature}) is not built`);
    }
    for (const p of [
      'assets:view',
      'documents:view',
      'domains:view',
      'certificates:view',
      'invoices:view',
    ] as const) {
      assert.equal(summary.includes(permissionText(p)), false, p);
    }
    assert.ok(summary.includes(permissionText('contracts:view')));
    assert.ok(summary.includes(permissionText('reports:schedule')));
  });

  it('leaves out the features the provider switched off', () => {
    const held = ['tickets:create', 'reports:view', 'contracts:view'] as const;
    assert.equal(accessSummary(held).length, 3);
    assert.deepEqual(accessSummary(held, ['tickets', 'contracts']), [
      permissionText('tickets:create'),
      permissionText('contracts:view'),
    ]);
  });
});

describe('presetsInWords', () => {
  it('joins labels in plain English', () => {
    assert.equal(presetsInWords([]), null);
    assert.equal(presetsInWords(['technical']), 'Technical');
    assert.equal(presetsInWords(['primary', 'billing']), 'Primary and Billing');
    assert.equal(presetsInWords(['billing', 'technical', 'read-only']), 'Billing, Technical, and Read-only');
  });
});
