import type { z } from 'zod';

/**
 * The longest text a shared schema accepts, so a field's limit is read from the one rule the server
 * applies rather than written again (`maxLengthOf(ticketCreateBody.shape.subject)`). Throws when the
 * schema has no maximum: a limited field without a limit is a mistake to catch at load.
 */
export function maxLengthOf(schema: z.ZodType): number {
  let current: unknown = schema;
  for (let depth = 0; depth < 8; depth++) {
    if (typeof current !== 'object' || current === null) break;
    const max = (current as { maxLength?: unknown }).maxLength;
    if (typeof max === 'number') return max;
    // Optional, nullable and default wrap the string; a transform is a pipe whose input is the string.
    const { unwrap, in: input } = current as { unwrap?: unknown; in?: unknown };
    if (typeof unwrap === 'function') current = (unwrap as () => unknown).call(current);
    else if (input !== undefined) current = input;
    else break;
  }
  throw new Error('maxLengthOf: this schema sets no maximum length');
}

/** Limits this long count only near the end: "12 / 50,000" under a reply is noise. */
const ALWAYS_COUNT_UP_TO = 1000;

/** The words the counter needs: the viewer's `t` and number format (`useFormat().number`). */
export interface LimitText {
  t(key: 'ui:limit.spoken' | 'ui:limit.left' | 'ui:limit.atMost', params: Record<string, number>): string;
  number(value: number): string;
}

/** What the counter and the live region say for `length` characters of `max` (exported for its test). */
export function limitWords(length: number, max: number, { t, number }: LimitText) {
  const remaining = max - length;
  const near = remaining <= Math.max(10, Math.ceil(max * 0.1));
  const shown = max <= ALWAYS_COUNT_UP_TO || length >= max * 0.8;
  const count = `${number(length)} / ${number(max)}`;
  if (remaining <= 0) {
    const words = t('ui:limit.atMost', { max });
    return { shown: true, near: true, atLimit: true, count, spoken: words, status: words };
  }
  return {
    shown,
    near,
    atLimit: false,
    count,
    spoken: t('ui:limit.spoken', { length, max }),
    status: near ? t('ui:limit.left', { remaining, max }) : '',
  };
}
