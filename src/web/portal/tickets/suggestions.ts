import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

/**
 * Knowledge-base suggestions for the New ticket form (issue 4, item 1). The tickets pages do not know the
 * knowledge base: the knowledge-base module registers a source here when it is built, e.g.
 *
 *   registerArticleSuggestionSource((q, signal) => api.get(`/kb/suggest${toQuery({ q })}`, schema, signal)
 *     .then((r) => r.items.map((a) => ({ id: a.id, title: a.title, url: `/portal/kb/${a.slug}` }))));
 *
 * With no source registered the form shows nothing and makes no request.
 */
export interface ArticleSuggestion {
  id: number | string;
  title: string;
  /** Where the article opens (a portal path). */
  url: string;
  /** A line of the article, plain text. */
  excerpt?: string;
}

export type ArticleSuggestionSource = (query: string, signal: AbortSignal) => Promise<ArticleSuggestion[]>;

/** Suggestions are asked for once the subject has this many characters (trimmed). */
export const MIN_SUGGESTION_QUERY = 3;
/** At most this many suggestions are shown. */
export const MAX_SUGGESTIONS = 5;
/** How long typing must pause before asking. */
export const SUGGESTION_DEBOUNCE_MS = 400;

let source: ArticleSuggestionSource | null = null;
/** Changes with every (un)registration, so cached answers of an earlier source are not reused. */
let version = 0;
const listeners = new Set<() => void>();

function notify(): void {
  version++;
  for (const listener of listeners) listener();
}

/**
 * Registers the source of suggestions (the last one registered wins). Returns a function that removes
 * it again, if it is still the registered one.
 */
export function registerArticleSuggestionSource(fn: ArticleSuggestionSource): () => void {
  source = fn;
  notify();
  return () => {
    if (source === fn) {
      source = null;
      notify();
    }
  };
}

/** The registered source, or null. */
export function articleSuggestionSource(): ArticleSuggestionSource | null {
  return source;
}

/** The registration's version, 0 while none was made (for caches keyed by source). */
function sourceVersion(): number {
  return source ? version : 0;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The query a subject asks with, or null when it is too short to ask. */
export function suggestionQuery(subject: string): string | null {
  const q = subject.trim().replace(/\s+/g, ' ');
  return q.length >= MIN_SUGGESTION_QUERY ? q.slice(0, 200) : null;
}

/**
 * Suggestions for a subject from the registered source: [] without a source (nothing is asked) or for a
 * subject under three characters; at most five, each named once. A failing source gives [] (suggestions
 * are a help, never a reason the form cannot be used).
 */
export async function suggestArticles(
  subject: string,
  signal: AbortSignal = new AbortController().signal,
): Promise<ArticleSuggestion[]> {
  const fn = source;
  const q = suggestionQuery(subject);
  if (!fn || q === null) return [];
  try {
    const found = await fn(q, signal);
    const seen = new Set<string>();
    const out: ArticleSuggestion[] = [];
    for (const a of found) {
      const key = String(a.id);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(a);
      if (out.length >= MAX_SUGGESTIONS) break;
    }
    return out;
  } catch (error) {
    if (signal.aborted) throw error;
    return [];
  }
}

/** Suggestions while the subject is typed: debounced, and only when a source is registered. */
export function useArticleSuggestions(subject: string): { items: ArticleSuggestion[]; loading: boolean } {
  const registered = useSyncExternalStore(subscribe, sourceVersion, sourceVersion);
  const [debounced] = useDebouncedValue(subject, SUGGESTION_DEBOUNCE_MS);
  const q = suggestionQuery(debounced);
  const enabled = registered !== 0 && q !== null;
  const query = useQuery({
    queryKey: ['kb-suggestions', registered, q],
    queryFn: ({ signal }) => suggestArticles(q ?? '', signal),
    enabled,
    staleTime: 60_000,
  });
  return { items: enabled ? (query.data ?? []) : [], loading: enabled && query.isFetching };
}
