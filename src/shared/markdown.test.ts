import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import fc from 'fast-check';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown('**Printer** on _floor 2_\n\n- one\n- two');
    assert.match(html, /<strong>Printer<\/strong>/);
    assert.match(html, /<em>floor 2<\/em>/);
    assert.match(html, /<li>one<\/li>/);
  });

  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)>');
    assert.doesNotMatch(html, /<script|<img/i);
    assert.match(html, /&lt;script&gt;/);
  });

  it('drops javascript:, data: and vbscript: links but keeps http(s) and mailto', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      ' javascript:x',
    ]) {
      assert.doesNotMatch(renderMarkdown(`[click](${bad})`), /href=/i, bad);
    }
    assert.match(
      renderMarkdown('[site](https://example.com)'),
      /href="https:\/\/example.com" rel="noopener noreferrer nofollow"/,
    );
    assert.match(renderMarkdown('[mail](mailto:a@example.com)'), /href="mailto:a@example.com"/);
  });

  it('turns images into links, never embedded pixels', () => {
    const html = renderMarkdown('![screenshot](https://tracker.example/p.gif)');
    assert.doesNotMatch(html, /<img/i);
    assert.match(html, /<a href="https:\/\/tracker.example\/p.gif"/);
    assert.doesNotMatch(renderMarkdown('![x](javascript:alert(1))'), /href/);
  });

  it('never emits a tag with an event handler or a script, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '<',
            '>',
            '"',
            "'",
            '[',
            ']',
            '(',
            ')',
            '!',
            'a',
            ' ',
            'on',
            'error=',
            'script',
            'javascript:',
            '=',
            '`',
            '\n',
            'img',
            'src',
            '*',
          ),
          { maxLength: 60 },
        ),
        (parts) => {
          const html = renderMarkdown(parts.join(''));
          assert.doesNotMatch(html, /<script/i);
          assert.doesNotMatch(html, /<[a-z]+[^>]*\son[a-z]+=/i);
          assert.doesNotMatch(html, /href="\s*javascript:/i);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('renderMarkdown: remembered renderings', () => {
  test('each text keeps its own HTML when texts are rendered again, past the cache size too', () => {
    const texts = Array.from({ length: 700 }, (_, i) => `Ticket **${i}** on _floor ${i % 7}_`);
    const first = texts.map((t) => renderMarkdown(t));
    const again = [...texts].reverse().map((t) => renderMarkdown(t));
    assert.deepEqual(again.reverse(), first);
    assert.equal(first[42], '<p>Ticket <strong>42</strong> on <em>floor 0</em></p>\n');
    const long = `${'word '.repeat(3000)}**end**`;
    assert.equal(renderMarkdown(long), renderMarkdown(long));
    assert.match(renderMarkdown(long), /<strong>end<\/strong>/);
  });
});
