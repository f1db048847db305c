import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translatorFor } from '../../../shared/i18n/i18n.ts';
import type { SettingsResponse } from '../../../shared/schemas/settings.ts';
import {
  alertProblems,
  changedSettings,
  currencyOptions,
  inboundProblems,
  isEmptyPatch,
  logoProblem,
  parseAlertEntries,
  securityProblems,
  settingsValuesFrom,
  sortAlertList,
  supportProblems,
} from './settings-form.ts';

const response: SettingsResponse = {
  name: 'Northwind IT',
  portalName: 'Northwind portal',
  loginTitle: 'Welcome back',
  emailSubjectPrefix: '[Northwind]',
  primaryColor: '#0b7a75',
  accentColor: '#f08c00',
  timeZone: 'Europe/London',
  dateFormat: 'DD/MM/YYYY',
  currency: 'GBP',
  language: 'en',
  features: {
    tickets: true,
    invoices: true,
    payments: false,
    quotes: true,
    contracts: true,
    assets: true,
    documents: true,
    domains: false,
    kb: true,
    reports: true,
  },
  passwordMinLength: 12,
  lockoutThreshold: 10,
  lockoutMinutes: 15,
  requireStaffMfa: false,
  ticketAutoCloseDays: 7,
  ticketReopenDays: 14,
  attachmentMaxMb: 20,
  portalShowTimeLogged: false,
  defaultHourlyRateMinor: null,
  invoiceRounding: 'document',
  supportEmail: '',
  inboundUnauthenticated: 'hold',
  inboundTrustedServers: ['mx.northwind.example'],
  contractEndingAlertDays: [60, 30, 7],
  bankAlertThresholds: [75, 90, 100],
  alertStaffAccountIds: [],
  logoUrl: null,
  updatedAt: '2025-01-01T00:00:00.000Z',
};

const t = translatorFor('en');

describe('settings form', () => {
  it('takes the editable fields from a response', () => {
    const values = settingsValuesFrom(response);
    assert.equal('logoUrl' in values, false);
    assert.equal('updatedAt' in values, false);
    assert.equal(values.name, 'Northwind IT');
    assert.notEqual(values.features, response.features, 'features are copied, not shared');
  });

  it('sends nothing when nothing changed', () => {
    const values = settingsValuesFrom(response);
    const patch = changedSettings(values, settingsValuesFrom(response));
    assert.deepEqual(patch, {});
    assert.equal(isEmptyPatch(patch), true);
  });

  it('sends only the changed fields and feature toggles', () => {
    const initial = settingsValuesFrom(response);
    const current = {
      ...initial,
      primaryColor: '#e8590c',
      currency: 'EUR',
      features: { ...initial.features, payments: true },
    };
    assert.deepEqual(changedSettings(initial, current), {
      primaryColor: '#e8590c',
      currency: 'EUR',
      features: { payments: true },
    });
  });

  it('sends the security numbers and switch as numbers and a boolean', () => {
    const initial = settingsValuesFrom(response);
    const current = { ...initial, passwordMinLength: 16, requireStaffMfa: true };
    assert.deepEqual(changedSettings(initial, current), { passwordMinLength: 16, requireStaffMfa: true });
  });

  it('explains security numbers out of range', () => {
    const ok = { passwordMinLength: 12, lockoutThreshold: 10, lockoutMinutes: 15 };
    assert.deepEqual(securityProblems(ok, t), {});
    const bad = securityProblems(
      {
        passwordMinLength: 7,
        lockoutThreshold: Number.NaN,
        lockoutMinutes: 2000,
      },
      t,
    );
    assert.deepEqual(Object.keys(bad).sort(), ['lockoutMinutes', 'lockoutThreshold', 'passwordMinLength']);
    assert.match(bad.passwordMinLength ?? '', /from 8 to 128/);
  });

  it('sends the support fields that changed, with their types', () => {
    const initial = settingsValuesFrom(response);
    const current = {
      ...initial,
      ticketAutoCloseDays: 0,
      attachmentMaxMb: 25,
      portalShowTimeLogged: true,
      supportEmail: 'help@northwind.example',
    };
    assert.deepEqual(changedSettings(initial, current), {
      ticketAutoCloseDays: 0,
      attachmentMaxMb: 25,
      portalShowTimeLogged: true,
      supportEmail: 'help@northwind.example',
    });
  });

  it('explains support fields the server would refuse', () => {
    const ok = { ticketAutoCloseDays: 0, ticketReopenDays: 365, attachmentMaxMb: 1, supportEmail: '' };
    assert.deepEqual(supportProblems(ok, t), {});
    assert.deepEqual(supportProblems({ ...ok, supportEmail: 'help@example.com' }, t), {});
    const bad = supportProblems(
      {
        ticketAutoCloseDays: -1,
        ticketReopenDays: 1.5,
        attachmentMaxMb: 0,
        supportEmail: 'not an address',
      },
      t,
    );
    assert.deepEqual(Object.keys(bad).sort(), [
      'attachmentMaxMb',
      'supportEmail',
      'ticketAutoCloseDays',
      'ticketReopenDays',
    ]);
    assert.match(bad.attachmentMaxMb ?? '', /from 1 to 100/);
    assert.match(supportProblems({ ...ok, attachmentMaxMb: Number.NaN }, t).attachmentMaxMb ?? '', /MB/);
  });
});

describe('inbound email fields', () => {
  it('sends the rule and the trusted servers only when they changed', () => {
    const initial = settingsValuesFrom(response);
    assert.notEqual(initial.inboundTrustedServers, response.inboundTrustedServers, 'the list is copied');
    const same = { ...initial, inboundTrustedServers: ['mx.northwind.example'] };
    assert.equal(isEmptyPatch(changedSettings(initial, same)), true, 'an equal list is no change');
    const current = {
      ...initial,
      inboundUnauthenticated: 'accept-with-warning' as const,
      inboundTrustedServers: ['mx.northwind.example', 'mx2.northwind.example'],
    };
    assert.deepEqual(changedSettings(initial, current), {
      inboundUnauthenticated: 'accept-with-warning',
      inboundTrustedServers: ['mx.northwind.example', 'mx2.northwind.example'],
    });
    assert.deepEqual(changedSettings(initial, { ...initial, inboundTrustedServers: [] }), {
      inboundTrustedServers: [],
    });
  });

  it('explains server names the server would refuse', () => {
    assert.deepEqual(inboundProblems({ inboundTrustedServers: [] }, t), {});
    assert.deepEqual(
      inboundProblems({ inboundTrustedServers: ['mx.google.com', 'Mail-1.Example.org'] }, t),
      {},
    );
    assert.match(
      inboundProblems({ inboundTrustedServers: ['mx.example.com; dmarc=pass'] }, t).inboundTrustedServers ??
        '',
      /is not a server name/,
    );
    assert.match(
      inboundProblems({ inboundTrustedServers: ['mx.example.com', 'MX.example.com'] }, t)
        .inboundTrustedServers ?? '',
      /named twice/,
    );
    const many = Array.from({ length: 11 }, (_, i) => `mx${i}.example.com`);
    assert.match(
      inboundProblems({ inboundTrustedServers: many }, t).inboundTrustedServers ?? '',
      /at most 10/,
    );
  });
});

describe('select options', () => {
  it('names currencies', () => {
    const [eur] = currencyOptions(['EUR']);
    assert.equal(eur?.value, 'EUR');
    assert.match(eur?.label ?? '', /^EUR – Euro/);
  });
});

describe('logoProblem', () => {
  it('accepts PNG, JPEG and WebP up to 1 MB', () => {
    assert.equal(logoProblem({ type: 'image/png', size: 1024 * 1024 }, t), null);
    assert.equal(logoProblem({ type: 'image/webp', size: 10 }, t), null);
  });

  it('refuses other types and larger files', () => {
    assert.match(logoProblem({ type: 'image/svg+xml', size: 10 }, t) ?? '', /PNG, JPEG or WebP/);
    assert.match(logoProblem({ type: 'image/jpeg', size: 1024 * 1024 + 1 }, t) ?? '', /1 MB/);
  });

  it('sends a changed alert list whole, in its order: days furthest first, percentages lowest first', () => {
    const initial = settingsValuesFrom(response);
    const current = {
      ...initial,
      contractEndingAlertDays: sortAlertList('contractEndingAlertDays', [7, 90, 30]),
      bankAlertThresholds: sortAlertList('bankAlertThresholds', [100, 50, 80]),
    };
    assert.deepEqual(changedSettings(initial, current), {
      contractEndingAlertDays: [90, 30, 7],
      bankAlertThresholds: [50, 80, 100],
    });
  });

  it('reads typed alert entries as whole numbers and names the first that is not one', () => {
    assert.deepEqual(parseAlertEntries([' 30', '7 ']), { list: [30, 7] });
    assert.deepEqual(parseAlertEntries(['30', '7.5']), { bad: '7.5' });
    assert.deepEqual(parseAlertEntries(['ten']), { bad: 'ten' });
  });

  it('explains alert lists the server would refuse', () => {
    assert.deepEqual(alertProblems({ contractEndingAlertDays: [], bankAlertThresholds: [80] }, t), {});
    const bad = alertProblems({ contractEndingAlertDays: [400], bankAlertThresholds: [] }, t);
    assert.deepEqual(Object.keys(bad).sort(), ['bankAlertThresholds', 'contractEndingAlertDays']);
    assert.match(bad.contractEndingAlertDays ?? '', /400/);
    assert.match(bad.bankAlertThresholds ?? '', /at least one/i);
    const twice = alertProblems({ contractEndingAlertDays: [30, 30], bankAlertThresholds: [0, 101] }, t);
    assert.match(twice.contractEndingAlertDays ?? '', /once/);
    assert.match(twice.bankAlertThresholds ?? '', /from 1 to 100/);
  });
});
