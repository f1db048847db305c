import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  type ArticleSuggestion,
  articleSuggestionSource,
  registerArticleSuggestionSource,
  suggestArticles,
  suggestionQuery,
} from './suggestions.ts';

const article = (id: number): ArticleSuggestion => ({ id, title: `Article ${id}`, url: `/portal/kb/${id}` });

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

describe('article suggestion registry', () => {
  it('has no source until one is registered, and then asks nobody', async () => {
    assert.equal(articleSuggestionSource(), null);
    assert.deepEqual(await suggestArticles('printer is offline'), []);
  });

  it('asks the registered source with the tidied subject', async () => {
    const asked: string[] = [];
    cleanups.push(
      registerArticleSuggestionSource(async (q) => {
        asked.push(q);
        return [article(1), article(2)];
      }),
    );
    assert.deepEqual(await suggestArticles('  printer   is offline '), [article(1), article(2)]);
    assert.deepEqual(asked, ['printer is offline']);
  });

  it('does not ask for a subject under three characters', async () => {
    let calls = 0;
    cleanups.push(
      registerArticleSuggestionSource(async () => {
        calls++;
        return [article(1)];
      }),
    );
    assert.deepEqual(await suggestArticles('  ab '), []);
    assert.equal(calls, 0);
    assert.equal(suggestionQuery('ab'), null);
    assert.equal(suggestionQuery('abc'), 'abc');
  });

  it('keeps at most five, each once', async () => {
    cleanups.push(registerArticleSuggestionSource(async () => [1, 1, 2, 3, 4, 5, 6, 7].map(article)));
    assert.deepEqual(
      (await suggestArticles('vpn')).map((a) => a.id),
      [1, 2, 3, 4, 5],
    );
  });

  it('shows nothing when the source fails', async () => {
    cleanups.push(
      registerArticleSuggestionSource(async () => {
        throw new Error('knowledge base unavailable');
      }),
    );
    assert.deepEqual(await suggestArticles('email bounces'), []);
  });

  it('lets the last registration win and unregisters only its own source', () => {
    const first = async () => [article(1)];
    const second = async () => [article(2)];
    const removeFirst = registerArticleSuggestionSource(first);
    const removeSecond = registerArticleSuggestionSource(second);
    assert.equal(articleSuggestionSource(), second);
    removeFirst();
    assert.equal(articleSuggestionSource(), second, 'an older registration does not remove a newer one');
    removeSecond();
    assert.equal(articleSuggestionSource(), null);
  });
});
