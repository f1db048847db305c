import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { type Message, message, schemaBounds } from '../../../shared/i18n/i18n.ts';
import { type ContactPreset, contactPresets, presetLabels } from '../../../shared/permissions.ts';
import { optionalText } from '../../../shared/schemas/clients.ts';
import { email, personName } from '../../../shared/schemas/common.ts';
import { exportOnlyColumns, type ImportRow, importColumns } from '../../../shared/schemas/contacts.ts';

/** A problem of the import file, by line (the header is line 1), put in the reader's language when shown. */
export interface LineProblem {
  line: number;
  field: string | null;
  text: Message;
}

export const MAX_IMPORT_ROWS = 5000;

const rowShape = z.object({
  name: personName,
  email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), email.nullable()),
  title: optionalText(120),
  department: optionalText(120),
  phone: optionalText(50),
  mobile: optionalText(50),
});

const presetNames = new Map<string, ContactPreset>();
for (const p of contactPresets) {
  presetNames.set(p, p);
  presetNames.set(presetLabels[p].toLowerCase(), p);
}
presetNames.set('readonly', 'read-only');
presetNames.set('read only', 'read-only');

/** The preset names a cell may use (the file's own words, so not translated). */
const presetNamesHint = contactPresets.map((p) => presetLabels[p]).join(', ');

/** "Billing + Technical" -> ['billing', 'technical']; an empty cell means Standard. */
export function parsePresetCell(cell: string): { presets: ContactPreset[] } | { error: Message } {
  const tokens = cell
    .split(/[+;]/)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  if (tokens.length === 0) return { presets: ['standard'] };
  const found = new Set<ContactPreset>();
  for (const token of tokens) {
    const preset = presetNames.get(token);
    if (!preset) {
      return { error: message('errors:contacts.import.notPreset', { token, presets: presetNamesHint }) };
    }
    found.add(preset);
  }
  return { presets: contactPresets.filter((p) => found.has(p)) };
}

/** How many lines the record itself spans, so a quoted multi-line cell still reports its first line. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

/**
 * Reads an import file into rows and problems by line (the header is line 1). Nothing is looked up
 * here; the service adds the problems that need the database (emails already in the client).
 */
export function readContactsCsv(text: string): { rows: ImportRow[]; errors: LineProblem[] } {
  // One newline convention, so line numbers count the way a spreadsheet or editor shows them.
  const normalised = text.replace(/\r\n?/g, '\n');
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(normalised, {
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = Number((error as { lines?: unknown }).lines) || 1;
    // The CSV parser's own words, quoted as they come.
    const detail = error instanceof Error ? error.message.replace(/^[^:]*:\s*/, '') : 'unreadable';
    return {
      rows: [],
      errors: [{ line, field: null, text: message('errors:contacts.import.invalidCsv', { detail }) }],
    };
  }
  const [headerRecord, ...body] = records;
  if (!headerRecord) {
    return { rows: [], errors: [{ line: 1, field: null, text: message('errors:contacts.import.noHeader') }] };
  }
  const header = headerRecord.record.map((h) => h.trim().toLowerCase());
  const known = new Set<string>([...importColumns, ...exportOnlyColumns]);
  const errors: LineProblem[] = [];
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) {
    errors.push({
      line: 1,
      field: null,
      text: message('errors:contacts.import.unknownColumns', {
        count: unknown.length,
        names: unknown.map((u) => `“${u}”`).join(', '),
        columns: importColumns.join(', '),
      }),
    });
  }
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length > 0) {
    errors.push({
      line: 1,
      field: null,
      text: message('errors:contacts.import.columnTwice', { column: repeated[0] ?? '' }),
    });
  }
  if (!header.includes('name')) {
    errors.push({ line: 1, field: null, text: message('errors:contacts.import.needsName') });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (body.length === 0) {
    return {
      rows: [],
      errors: [{ line: 2, field: null, text: message('errors:contacts.import.noContacts') }],
    };
  }
  if (body.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      errors: [
        {
          line: startLine(body[MAX_IMPORT_ROWS]?.info.lines ?? 1, body[MAX_IMPORT_ROWS]?.raw ?? ''),
          field: null,
          text: message('errors:contacts.import.tooManyRows', { max: MAX_IMPORT_ROWS }),
        },
      ],
    };
  }

  const rows: ImportRow[] = [];
  const emailLines = new Map<string, number>();
  for (const { record, info, raw } of body) {
    const line = startLine(info.lines, raw);
    if (record.length !== header.length) {
      errors.push({
        line,
        field: null,
        text: message('errors:contacts.import.valueCount', { count: record.length, header: header.length }),
      });
      continue;
    }
    const cell = (name: string) => {
      const i = header.indexOf(name);
      return i >= 0 ? (record[i] ?? '') : '';
    };
    const parsed = rowShape.safeParse({
      name: cell('name'),
      email: cell('email'),
      title: cell('title'),
      department: cell('department'),
      phone: cell('phone'),
      mobile: cell('mobile'),
    });
    const presets = parsePresetCell(cell('preset'));
    let bad = false;
    if (!parsed.success) {
      bad = true;
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (seen.has(field)) continue;
        seen.add(field);
        // The shared schema's own messages are catalogue keys, with the values of their issue.
        const text = /^errors:[A-Za-z0-9_.]+$/.test(issue.message)
          ? message(issue.message as Message['key'], schemaBounds(issue))
          : message('errors:contacts.import.invalidValue');
        errors.push({ line, field: field || null, text });
      }
    }
    if ('error' in presets) {
      bad = true;
      errors.push({ line, field: 'preset', text: presets.error });
    }
    if (bad || !parsed.success || 'error' in presets) continue;
    const row = parsed.data;
    if (row.email) {
      const first = emailLines.get(row.email);
      if (first !== undefined) {
        errors.push({
          line,
          field: 'email',
          text: message('errors:contacts.import.emailRepeated', { email: row.email, first }),
        });
        continue;
      }
      emailLines.set(row.email, line);
    }
    rows.push({ line, ...row, presets: presets.presets });
  }
  return { rows, errors };
}
