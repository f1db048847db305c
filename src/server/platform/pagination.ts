import { z } from 'zod';
import { message } from '../../shared/i18n/i18n.ts';
import { errors } from './errors.ts';

/**
 * Keyset pagination: the cursor is the sort key and id of the last row seen, opaque to clients.
 * No OFFSET: a deep page costs what the first page costs.
 */
export interface Cursor {
  /** The sort column's value of the last row (string or number), or null when sorted by id alone. */
  k: string | number | null;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

const cursorShape = z
  .object({ k: z.union([z.string(), z.number(), z.null()]), id: z.number().int() })
  .strict();

export function decodeCursor(value: string | undefined): Cursor | null {
  if (!value) return null;
  try {
    return cursorShape.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    throw errors.validation(
      { cursor: message('errors:cursor.invalidField') },
      message('errors:cursor.invalid'),
    );
  }
}

export function pageOf<T extends { id: number }>(
  rows: T[],
  limit: number,
  key: (row: T) => string | number | null,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor({ k: key(last), id: last.id }) : null,
  };
}
