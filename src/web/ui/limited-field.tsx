import {
  Text,
  Textarea,
  type TextareaProps,
  TextInput,
  type TextInputProps,
  VisuallyHidden,
} from '@mantine/core';
import { type ReactNode, type RefObject, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { limitWords } from './character-limit.ts';
import { useFormat } from './i18n/use-format.ts';

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
  const { t } = useTranslation();
  const id = useId();
  const format = useFormat();
  const words = limitWords(value.length, max, { t, number: (n) => format.number(n) });
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
          {words.atLimit ? <span aria-hidden="true"> · {t('ui:limit.reached')}</span> : null}
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

/** What both limited fields pass to their Mantine input: the counter joined under it, and a fixed id. */
function useLimitedProps<E extends HTMLElement>(
  value: string,
  maxLength: number,
  props: { id?: string | undefined; 'data-testid'?: string | undefined },
  inputContainer: ((children: ReactNode) => ReactNode) | undefined,
) {
  const ref = useRef<E>(null);
  const counter = useCharacterLimit(value, maxLength, props['data-testid'], ref);
  // A fixed id: Mantine would otherwise pick one after mounting, and rewrite aria-describedby unseen.
  const ownId = useId();
  return {
    ref,
    id: props.id ?? ownId,
    value,
    maxLength,
    inputContainer: (input: ReactNode) => (
      <>
        {inputContainer ? inputContainer(input) : input}
        {counter}
      </>
    ),
  };
}

/** A text input with a character limit that shows the count and says when the limit is reached. */
export function LimitedTextInput({ maxLength, value, inputContainer, ...props }: Limited<TextInputProps>) {
  const limited = useLimitedProps<HTMLInputElement>(value, maxLength, props, inputContainer);
  return <TextInput {...props} {...limited} />;
}

/** A textarea with a character limit that shows the count and says when the limit is reached. */
export function LimitedTextarea({ maxLength, value, inputContainer, ...props }: Limited<TextareaProps>) {
  const limited = useLimitedProps<HTMLTextAreaElement>(value, maxLength, props, inputContainer);
  return <Textarea {...props} {...limited} />;
}
