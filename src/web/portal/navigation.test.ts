import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PortalNavItem, portalNavItems, portalNavRegistry } from './navigation.ts';

const registry: PortalNavItem[] = [
  { key: 'home', label: 'Home', to: '/portal/', end: true },
  {
    key: 'tickets',
    label: 'Tickets',
    to: '/portal/tickets',
    feature: 'tickets',
    permission: ['tickets:view-own', 'tickets:view-company'],
  },
  {
    key: 'invoices',
    label: 'Invoices',
    to: '/portal/invoices',
    feature: 'invoices',
    permission: ['invoices:view'],
  },
  { key: 'kb', label: 'Knowledge base', to: '/portal/kb', feature: 'kb' },
  { key: 'colleagues', label: 'Colleagues', to: '/portal/colleagues', permission: ['contacts:view'] },
];

const keys = (items: PortalNavItem[]) => items.map((i) => i.key);

describe('portalNavItems', () => {
  it('shows items whose feature is on and whose permission is held, in registry order', () => {
    const me = {
      features: ['tickets', 'invoices', 'kb'] as const,
      permissions: ['tickets:view-own', 'invoices:view', 'contacts:view'] as const,
    };
    assert.deepEqual(
      keys(portalNavItems({ features: [...me.features], permissions: [...me.permissions] }, registry)),
      ['home', 'tickets', 'invoices', 'kb', 'colleagues'],
    );
  });

  it('hides an item whose feature is switched off, even with the permission', () => {
    const items = portalNavItems(
      { features: ['invoices', 'kb'], permissions: ['tickets:view-company'] },
      registry,
    );
    assert.ok(!keys(items).includes('tickets'));
  });

  it('hides an item whose permission is missing, even with the feature on', () => {
    const items = portalNavItems(
      { features: ['tickets', 'invoices'], permissions: ['tickets:view-own'] },
      registry,
    );
    assert.deepEqual(keys(items), ['home', 'tickets']);
  });

  it('accepts any one of the listed permissions', () => {
    const items = portalNavItems({ features: ['tickets'], permissions: ['tickets:view-company'] }, registry);
    assert.ok(keys(items).includes('tickets'));
  });

  it('always shows items that need neither feature nor permission', () => {
    assert.deepEqual(keys(portalNavItems({ features: [], permissions: [] }, registry)), ['home']);
  });

  it('uses the real registry by default, which starts with Home', () => {
    assert.equal(portalNavRegistry[0]?.key, 'home');
    // Every contact may open their own profile, whatever they hold.
    assert.deepEqual(keys(portalNavItems({ features: [], permissions: [] })), ['home', 'profile']);
  });
});
