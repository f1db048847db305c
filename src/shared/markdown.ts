import MarkdownIt from 'markdown-it';

/**
 * Markdown to safe HTML, the same on the server (API responses, emails) and in the browser (previews).
 *
 * Raw HTML in the source is escaped (html: false), so no tag or attribute a person types reaches the page.
 * Links pass markdown-it's validator (no javascript:, vbscript:, file: or data: except images) and, for
 * safety beyond that, only http(s) and mailto links are kept as links; images are not embedded (an email
 * or page must not load third-party pixels): an image becomes a link to it.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

const allowedLink = /^(?:https?:|mailto:)/i;
md.validateLink = (url: string) => allowedLink.test(url.trim());

md.renderer.rules.image = (tokens, index, _options, _env, self) => {
  const token = tokens[index]!;
  const src = token.attrGet('src') ?? '';
  const alt = self.renderInlineAsText(token.children ?? [], _options, _env) || src;
  if (!allowedLink.test(src)) return md.utils.escapeHtml(alt);
  return `<a href="${md.utils.escapeHtml(src)}" rel="noopener noreferrer nofollow" target="_blank">${md.utils.escapeHtml(alt)}</a>`;
};

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
md.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  token.attrSet('rel', 'noopener noreferrer nofollow');
  token.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, index, options, env, self);
};

export function renderMarkdown(source: string): string {
  if (source.length > CACHED_MAX_CHARS) return md.render(source);
  const cached = rendered.get(source);
  if (cached !== undefined) {
    // Least recently used goes first: a hit moves to the end.
    rendered.delete(source);
    rendered.set(source, cached);
    return cached;
  }
  const html = md.render(source);
  if (rendered.size >= CACHED_ENTRIES) rendered.delete(rendered.keys().next().value as string);
  rendered.set(source, html);
  return html;
}

/**
 * A conversation is read far more often than it is written, and rendering is pure: the HTML of recent
 * texts is kept (at most CACHED_ENTRIES texts of up to CACHED_MAX_CHARS characters, a few megabytes).
 */
const CACHED_ENTRIES = 500;
const CACHED_MAX_CHARS = 8_000;
const rendered = new Map<string, string>();
