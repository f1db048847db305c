import { parse } from 'csv-parse/sync';
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

/** Parses CSV with a header row into records; throws with the line number on malformed input. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, {
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    bom: true,
    relax_column_count: false,
  }) as Record<string, string>[];
}
