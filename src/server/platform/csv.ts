import { stringify } from 'csv-stringify/sync';

/**
 * A cell that a spreadsheet would read as a formula (= + - @, or a leading TAB or CR) is prefixed
 * with an apostrophe, so an exported name like "=HYPERLINK(...)" stays text.
 */
export function neutraliseCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return stringify([header, ...rows.map((r) => r.map(neutraliseCell))], { record_delimiter: '\r\n' });
}
