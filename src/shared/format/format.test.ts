import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  currencyDigits,
  fileNameStamp,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatDuration,
  formatFileSize,
  formatMoney,
  formatNumber,
  isCurrencyCode,
  isTimeZone,
} from './format.ts';
import { formatSlaClock } from './sla-clock.ts';

const now = new Date('2026-12-07T10:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
// Intl puts narrow no-break spaces and direction marks in some languages; compare without them.
const plain = (s: string) => s.replace(/[\u200e\u200f\u061c]/g, '').replace(/[\u00a0\u202f]/g, ' ');

describe('dates and times', () => {
  const instant = '2026-03-29T00:30:00Z'; // the night British Summer Time starts
  it('lays the date out by the date format, in the reader’s zone', () => {
    const base = { language: 'en', timeZone: 'Pacific/Auckland' } as const;
    assert.equal(formatDate(instant, { ...base, dateFormat: 'YYYY-MM-DD' }), '2026-03-29');
    assert.equal(
      formatDate(instant, { ...base, timeZone: 'America/New_York', dateFormat: 'YYYY-MM-DD' }),
      '2026-03-28',
    );
    assert.equal(formatDate(instant, { ...base, dateFormat: 'DD/MM/YYYY' }), '29/03/2026');
    assert.equal(formatDate(instant, { ...base, dateFormat: 'MM/DD/YYYY' }), '03/29/2026');
    assert.equal(formatDate(instant, { ...base, dateFormat: 'DD.MM.YYYY' }), '29.03.2026');
  });
  it('names the month in the reader’s language', () => {
    const prefs = { timeZone: 'Europe/Berlin', dateFormat: 'D MMM YYYY' } as const;
    assert.equal(formatDate(instant, { ...prefs, language: 'en' }), '29 Mar 2026');
    assert.equal(formatDate(instant, { ...prefs, language: 'fr' }), '29 mars 2026');
    assert.equal(formatDate(instant, { ...prefs, language: 'ar' }), '29 مارس 2026');
  });
  it('gives the time in the zone, with its name when asked', () => {
    const prefs = { language: 'de', timeZone: 'Europe/London', dateFormat: 'DD.MM.YYYY' } as const;
    assert.equal(plain(formatDateTime(instant, prefs)), '29.03.2026 00:30');
    assert.match(
      plain(formatDateTime(instant, prefs, { zoneName: true })),
      /^29\.03\.2026 00:30 (GMT|GMT\+0|UTC)$/,
    );
    assert.equal(plain(formatDateTime(instant, { ...prefs, language: 'en' })), '29.03.2026 12:30 AM');
    assert.equal(
      plain(formatDateTime('2026-03-29T01:30:00Z', prefs, { zoneName: true })),
      '29.03.2026 02:30 GMT+1',
    );
  });
  it('validates time zones and currencies through Intl', () => {
    assert.equal(isTimeZone('Asia/Riyadh'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
    assert.equal(isCurrencyCode('BHD'), true);
    assert.equal(isCurrencyCode('eur'), false);
    assert.equal(isCurrencyCode('XYZ'), false);
  });
});

describe('calendar dates', () => {
  it('keep their day whatever the layout, and refuse what is not a date', () => {
    const prefs = { language: 'en', dateFormat: 'DD/MM/YYYY' } as const;
    assert.equal(formatCalendarDate('2026-01-01', prefs), '01/01/2026');
    assert.equal(
      formatCalendarDate('2026-12-31', { language: 'de', dateFormat: 'DD.MM.YYYY' }),
      '31.12.2026',
    );
    assert.equal(
      formatCalendarDate('2026-03-09', { language: 'en', dateFormat: 'D MMM YYYY' }),
      '9 Mar 2026',
    );
    assert.throws(() => formatCalendarDate('2026-03-09T10:00:00Z', prefs), RangeError);
  });
});

describe('SLA clocks and durations', () => {
  it('says how long is left, in the language', () => {
    assert.equal(plain(formatSlaClock(later(135), now, 'en')), 'due in 2 hr 15 min');
    assert.equal(plain(formatSlaClock(later(135), now, 'fr')), 'échéance dans 2 h 15 min');
    assert.equal(plain(formatSlaClock(later(135), now, 'de')), 'fällig in 2 Std., 15 Min.');
    assert.equal(plain(formatSlaClock(later(135), now, 'ar')), 'يستحق خلال 2 س و15 د');
    assert.equal(formatSlaClock(later(0), now, 'en'), 'due now');
  });
  it('says how long ago a target was breached', () => {
    const threeDays = later(-(3 * 24 * 60 + 90));
    assert.equal(formatSlaClock(threeDays, now, 'en'), 'breached 3 days ago');
    assert.equal(formatSlaClock(threeDays, now, 'de'), 'überschritten vor 3 Tagen');
    assert.equal(formatSlaClock(threeDays, now, 'es'), 'incumplido hace 3 días');
    assert.equal(formatSlaClock(threeDays, now, 'ar'), 'تم تجاوزه قبل 3 أيام');
  });
  it('uses Polish plural forms (one, few, many)', () => {
    assert.equal(formatSlaClock(later(-60 * 24), now, 'pl'), 'przekroczono 1 dzień temu');
    assert.equal(formatSlaClock(later(-60 * 24 * 3), now, 'pl'), 'przekroczono 3 dni temu');
    assert.equal(formatSlaClock(later(-60 * 5), now, 'pl'), 'przekroczono 5 godzin temu');
    assert.equal(formatSlaClock(later(-60 * 22), now, 'pl'), 'przekroczono 22 godziny temu');
    assert.equal(plain(formatDuration(2 * 86_400_000, 'pl')), '2 dni');
    assert.equal(plain(formatDuration(5 * 86_400_000, 'pl')), '5 dni');
  });
  it('marks the pseudo-locale', () => {
    assert.match(formatSlaClock(later(30), now, 'en-XA'), /^⟦ðûé îñ 30 min ·+⟧$/);
  });
});

describe('numbers and money', () => {
  it('knows each currency’s minor unit', () => {
    assert.equal(currencyDigits('EUR'), 2);
    assert.equal(currencyDigits('JPY'), 0);
    assert.equal(currencyDigits('BHD'), 3);
    assert.throws(() => currencyDigits('ZZZ'), RangeError);
  });
  it('formats integer minor units with the currency, in the language', () => {
    assert.equal(plain(formatMoney(123456, 'EUR', 'en')), '€1,234.56');
    assert.equal(plain(formatMoney(123456, 'EUR', 'de')), '1.234,56 €');
    assert.equal(plain(formatMoney(12345, 'JPY', 'en')), '¥12,345');
    assert.equal(plain(formatMoney(12345, 'BHD', 'en')), 'BHD 12.345');
    assert.equal(plain(formatMoney(-5, 'EUR', 'fr')), '-0,05 €');
    assert.equal(plain(formatMoney(0, 'USD', 'es')), '0,00 US$');
    assert.equal(plain(formatMoney(150000, 'PLN', 'pl')), '1500,00 zł');
    assert.equal(plain(formatMoney(123456, 'SAR', 'ar')), '1,234.56 ر.س.');
  });
  it('keeps every digit of large amounts', () => {
    assert.equal(plain(formatMoney(900719925474099312n, 'EUR', 'en')), '€9,007,199,254,740,993.12');
  });
  it('never shows money without a currency', () => {
    assert.throws(() => formatMoney(100, '', 'en'), RangeError);
    assert.throws(() => formatMoney(1.5, 'EUR', 'en'), RangeError);
  });
  it('formats numbers for the language', () => {
    assert.equal(plain(formatNumber(1234567.5, 'de')), '1.234.567,5');
    assert.equal(plain(formatNumber(1234567.5, 'fr')), '1 234 567,5');
  });
});

describe('file sizes', () => {
  const MB = 1024 * 1024;
  it('writes bytes, kB, MB and GB with Intl’s units, counted in 1024s', () => {
    assert.equal(plain(formatFileSize(1, 'en')), '1 byte');
    assert.equal(plain(formatFileSize(512, 'en')), '512 bytes');
    assert.equal(plain(formatFileSize(1023, 'en')), '1,023 bytes');
    assert.equal(plain(formatFileSize(1024, 'en')), '1 kB');
    assert.equal(plain(formatFileSize(1536, 'en')), '1.5 kB');
    assert.equal(plain(formatFileSize(200 * 1024, 'en')), '200 kB');
    assert.equal(
      plain(formatFileSize(MB - 20, 'en')),
      '1 MB',
      'rounding up to 1024 kB reads as the next unit',
    );
    assert.equal(plain(formatFileSize(20 * MB, 'en')), '20 MB');
    assert.equal(plain(formatFileSize(4.26 * MB, 'en')), '4.3 MB');
    assert.equal(plain(formatFileSize(3 * 1024 * MB, 'en')), '3 GB');
  });
  it('in German: decimal comma and German units', () => {
    assert.equal(plain(formatFileSize(1, 'de')), '1 Byte');
    assert.equal(plain(formatFileSize(512, 'de')), '512 Byte');
    assert.equal(plain(formatFileSize(1536, 'de')), '1,5 kB');
    assert.equal(plain(formatFileSize(4.26 * MB, 'de')), '4,3 MB');
    assert.equal(plain(formatFileSize(1023, 'de')), '1.023 Byte');
  });
  it('in Arabic: Arabic units, no English ones', () => {
    const ar = (bytes: number) => plain(formatFileSize(bytes, 'ar'));
    assert.equal(ar(512), '512 بايت');
    assert.equal(ar(1536), '1.5 كيلوبايت');
    assert.equal(ar(20 * MB), '20 م.ب');
    assert.equal(ar(3 * 1024 * MB), '3 غ.ب');
    for (const bytes of [1, 1536, 20 * MB]) assert.doesNotMatch(ar(bytes), /[A-Za-z]/);
  });
  it('the pseudo-locale formats as English; a size that is no size throws', () => {
    assert.equal(plain(formatFileSize(1536, 'en-XA')), '1.5 kB');
    assert.throws(() => formatFileSize(-1, 'en'), RangeError);
    assert.throws(() => formatFileSize(Number.NaN, 'en'), RangeError);
  });
});

describe('time stamps in file names', () => {
  it('are the date and time in the reader’s zone, without slashes or colons', () => {
    const instant = '2026-03-01T23:05:07Z';
    assert.deepEqual(fileNameStamp(instant, 'UTC'), { date: '2026-03-01', time: '23-05-07' });
    assert.deepEqual(fileNameStamp(instant, 'Asia/Tokyo'), { date: '2026-03-02', time: '08-05-07' });
    assert.deepEqual(fileNameStamp(instant, 'America/New_York'), { date: '2026-03-01', time: '18-05-07' });
  });
});
