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
  return md.render(source);
}
