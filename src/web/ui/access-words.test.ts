import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactPermissions } from '../../shared/permissions.ts';
import { accessSummary, permissionWords, presetsInWords } from './access-words.ts';

describe('accessSummary', () => {
  it('has words for every permission', () => {
    for (const p of contactPermissions) assert.ok(permissionWords[p].length > 0, p);
  });

  it('leaves out what a broader permission already says', () => {
    const summary = accessSummary(['tickets:view-own', 'tickets:view-company', 'assets:view-assigned']);
    assert.deepEqual(summary, ["See all of your company's tickets", 'See the assets assigned to you']);
  });

  it('says nothing for no permissions and lists each once', () => {
    assert.deepEqual(accessSummary([]), []);
    assert.deepEqual(accessSummary(['kb:view', 'kb:view']), ['Read the knowledge base']);
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
