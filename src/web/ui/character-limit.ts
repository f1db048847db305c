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

const formatCount = (n: number) => n.toLocaleString('en-GB');

/** What the counter and the live region say for `length` characters of `max` (exported for its test). */
export function limitWords(length: number, max: number) {
  const remaining = max - length;
  const near = remaining <= Math.max(10, Math.ceil(max * 0.1));
  const shown = max <= ALWAYS_COUNT_UP_TO || length >= max * 0.8;
  const count = `${formatCount(length)} / ${formatCount(max)}`;
  if (remaining <= 0) {
    const words = `Limit reached: at most ${formatCount(max)} characters; anything longer is cut off.`;
    return { shown: true, near: true, atLimit: true, count, spoken: words, status: words };
  }
  const left = `${formatCount(remaining)} ${remaining === 1 ? 'character' : 'characters'} left`;
  return {
    shown,
    near,
    atLimit: false,
    count,
    spoken: `${formatCount(length)} of ${formatCount(max)} characters used`,
    status: near ? `${left} of ${formatCount(max)}.` : '',
  };
}
