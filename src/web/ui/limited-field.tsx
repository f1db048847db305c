import {
  Text,
  Textarea,
  type TextareaProps,
  TextInput,
  type TextInputProps,
  VisuallyHidden,
} from '@mantine/core';
import { type ReactNode, type RefObject, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
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

/**
 * Adds `ids` to the input's aria-describedby after every render. Mantine writes the attribute itself
 * (from its description and error) and drops one passed in, so the counter is joined on afterwards.
 */
export function useExtraDescribedBy(ref: RefObject<HTMLElement | null>, ids: string[]) {
  const added = useRef<string[]>([]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Take back what this hook added last time (an error gone, a counter hidden), then add what holds now.
    const own = (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter((id) => id && !added.current.includes(id));
    const next = [...own, ...ids.filter((id) => !own.includes(id))];
    added.current = ids.filter((id) => !own.includes(id));
    if (next.length > 0) el.setAttribute('aria-describedby', next.join(' '));
    else el.removeAttribute('aria-describedby');
  });
}

/**
 * The counter under a limited field: "183 / 200" as you type, the limit in words once it is reached,
 * and a polite live region that speaks only near the limit (after a pause in typing, so a screen reader
 * is not interrupted on every key).
 */
export function useCharacterLimit(
  value: string,
  max: number,
  testId: string | undefined,
  inputRef: RefObject<HTMLElement | null>,
): ReactNode {
  const id = useId();
  const words = limitWords(value.length, max);
  const countId = `${id}-count`;
  useExtraDescribedBy(inputRef, words.shown ? [countId] : []);

  const [status, setStatus] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setStatus(words.status), 600);
    return () => clearTimeout(timer);
  }, [words.status]);

  return (
    <>
      {words.shown ? (
        <Text
          id={countId}
          size="xs"
          ta="right"
          mt={4}
          c={words.atLimit ? undefined : 'dimmed'}
          fw={words.atLimit ? 600 : undefined}
          data-char-count={words.atLimit ? 'limit' : words.near ? 'near' : 'under'}
          data-testid={testId ? `${testId}-count` : undefined}
        >
          <span aria-hidden="true">{words.count}</span>
          {words.atLimit ? <span aria-hidden="true"> · limit reached</span> : null}
          <VisuallyHidden>{words.atLimit ? words.spoken : `${words.spoken}.`}</VisuallyHidden>
        </Text>
      ) : null}
      {/* Always present, so the words are announced when they arrive; empty until the limit is near. */}
      <VisuallyHidden
        role="status"
        aria-live="polite"
        data-testid={testId ? `${testId}-limit-status` : undefined}
      >
        {status}
      </VisuallyHidden>
    </>
  );
}

type Limited<P> = Omit<P, 'value' | 'maxLength'> & {
  value: string;
  /** From the shared schema: `maxLengthOf(schema.shape.field)`. */
  maxLength: number;
  'data-testid'?: string;
};

/** A text input with a character limit that shows the count and says when the limit is reached. */
export function LimitedTextInput({ maxLength, value, inputContainer, ...props }: Limited<TextInputProps>) {
  const ref = useRef<HTMLInputElement>(null);
  const counter = useCharacterLimit(value, maxLength, props['data-testid'], ref);
  // A fixed id: Mantine would otherwise pick one after mounting, and rewrite aria-describedby unseen.
  const ownId = useId();
  return (
    <TextInput
      {...props}
      id={props.id ?? ownId}
      ref={ref}
      value={value}
      maxLength={maxLength}
      inputContainer={(input) => (
        <>
          {inputContainer ? inputContainer(input) : input}
          {counter}
        </>
      )}
    />
  );
}

/** A textarea with a character limit that shows the count and says when the limit is reached. */
export function LimitedTextarea({ maxLength, value, inputContainer, ...props }: Limited<TextareaProps>) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const counter = useCharacterLimit(value, maxLength, props['data-testid'], ref);
  // A fixed id: Mantine would otherwise pick one after mounting, and rewrite aria-describedby unseen.
  const ownId = useId();
  return (
    <Textarea
      {...props}
      id={props.id ?? ownId}
      ref={ref}
      value={value}
      maxLength={maxLength}
      inputContainer={(input) => (
        <>
          {inputContainer ? inputContainer(input) : input}
          {counter}
        </>
      )}
    />
  );
}
