/**
 * Text editing helpers for the Markdown fields (description, reply composer). Pure, so they are tested
 * without a browser.
 */

export interface TextEdit {
  text: string;
  /** Where the cursor goes afterwards. */
  cursor: number;
}

/**
 * Inserts `snippet` at the cursor (replacing a selection), on a line of its own when the cursor is in the
 * middle of text, so a canned response does not run into the sentence around it.
 */
export function insertAtCursor(text: string, start: number, end: number, snippet: string): TextEdit {
  const from = clamp(Math.min(start, end), 0, text.length);
  const to = clamp(Math.max(start, end), 0, text.length);
  const before = text.slice(0, from);
  const after = text.slice(to);
  const lead = before === '' || before.endsWith('\n') ? '' : '\n\n';
  const trail = after === '' || after.startsWith('\n') ? '' : '\n\n';
  const inserted = `${lead}${snippet}${trail}`;
  return { text: before + inserted + after, cursor: before.length + lead.length + snippet.length };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(Number.isFinite(n) ? n : hi, lo), hi);
}

/** Ctrl+Enter (or Cmd+Enter on a Mac) sends. */
export function isSendShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}

/** Minutes from the time field: a whole number from 0 to 1,440, or the catalogue key of what is wrong. */
export function minutesProblem(value: number | string): `staffApp:${string}` | null {
  if (value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) return 'staffApp:tickets.composer.minutes.whole';
  if (n < 0) return 'staffApp:tickets.composer.minutes.negative';
  if (n > 24 * 60) return 'staffApp:tickets.composer.minutes.tooMany';
  return null;
}
