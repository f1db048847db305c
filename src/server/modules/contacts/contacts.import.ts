import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { type Message, schemaBounds, translate } from '../../../shared/i18n/i18n.ts';
import { type ContactPreset, contactPresets, presetLabels } from '../../../shared/permissions.ts';
import { optionalText } from '../../../shared/schemas/clients.ts';
import { email, personName } from '../../../shared/schemas/common.ts';
import {
  exportOnlyColumns,
  type ImportProblem,
  type ImportRow,
  importColumns,
} from '../../../shared/schemas/contacts.ts';

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

const presetHint = `use ${contactPresets.map((p) => presetLabels[p]).join(', ')}, joined with “+” or “;”`;

/** "Billing + Technical" -> ['billing', 'technical']; an empty cell means Standard. */
export function parsePresetCell(cell: string): { presets: ContactPreset[] } | { error: string } {
  const tokens = cell
    .split(/[+;]/)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  if (tokens.length === 0) return { presets: ['standard'] };
  const found = new Set<ContactPreset>();
  for (const token of tokens) {
    const preset = presetNames.get(token);
    if (!preset) return { error: `“${token}” is not a preset; ${presetHint}.` };
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
export function readContactsCsv(text: string): { rows: ImportRow[]; errors: ImportProblem[] } {
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
    const reason = error instanceof Error ? error.message.replace(/^[^:]*:\s*/, '') : 'unreadable';
    return {
      rows: [],
      errors: [{ line, field: null, message: `The file is not valid CSV here: ${reason}` }],
    };
  }
  const [headerRecord, ...body] = records;
  if (!headerRecord) {
    return { rows: [], errors: [{ line: 1, field: null, message: 'The file has no header row.' }] };
  }
  const header = headerRecord.record.map((h) => h.trim().toLowerCase());
  const known = new Set<string>([...importColumns, ...exportOnlyColumns]);
  const errors: ImportProblem[] = [];
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) {
    errors.push({
      line: 1,
      field: null,
      message: `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `“${u}”`).join(', ')}; the columns are ${importColumns.join(', ')}.`,
    });
  }
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length > 0) {
    errors.push({ line: 1, field: null, message: `The column “${repeated[0]}” appears twice.` });
  }
  if (!header.includes('name')) {
    errors.push({ line: 1, field: null, message: 'The header needs a “name” column.' });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (body.length === 0) {
    return { rows: [], errors: [{ line: 2, field: null, message: 'The file has no contacts in it.' }] };
  }
  if (body.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      errors: [
        {
          line: startLine(body[MAX_IMPORT_ROWS]?.info.lines ?? 1, body[MAX_IMPORT_ROWS]?.raw ?? ''),
          field: null,
          message: `A file can hold at most ${MAX_IMPORT_ROWS} contacts; split it into smaller files.`,
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
        message: `This line has ${record.length} value${record.length === 1 ? '' : 's'}; the header has ${header.length}.`,
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
        // The shared schema's own messages are catalogue keys; the import's lines read English (the
        // rest of its line problems are English text, passed through in contacts.staff).
        const text = /^errors:[A-Za-z0-9_.]+$/.test(issue.message)
          ? translate('en', issue.message as Message['key'], schemaBounds(issue))
          : issue.message;
        errors.push({ line, field: field || null, message: text });
      }
    }
    if ('error' in presets) {
      bad = true;
      errors.push({ line, field: 'preset', message: presets.error });
    }
    if (bad || !parsed.success || 'error' in presets) continue;
    const row = parsed.data;
    if (row.email) {
      const first = emailLines.get(row.email);
      if (first !== undefined) {
        errors.push({ line, field: 'email', message: `${row.email} is also on line ${first}.` });
        continue;
      }
      emailLines.set(row.email, line);
    }
    rows.push({ line, ...row, presets: presets.presets });
  }
  return { rows, errors };
}
