import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { escapeHtml } from '../email-template.ts';

/** What the shells paint before their scripts load. */
export interface ShellBranding {
  name: string;
  /** The browser tab's title, as the app sets it once loaded. */
  title: string;
  primaryColor: string;
}

/**
 * Fills a shell's frame (index.html, see src/web/ui/boot.css) with the organisation's name and colour,
 * so the header strip paints in the brand at once. The name is escaped; a colour that is not #rrggbb is
 * left out (the frame keeps its default).
 */
export function fillShell(html: string, brand: ShellBranding): string {
  const name = escapeHtml(brand.name);
  const colour = /^#[0-9a-f]{6}$/i.test(brand.primaryColor) ? brand.primaryColor : null;
  return html
    .replace('<!--portico:brand-name-->', () => name)
    .replace('<!--portico:boot-style-->', () =>
      colour ? `<style>:root{--portico-boot-brand:${colour}}</style>` : '',
    )
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(brand.title)}</title>`);
}

/**
 * Serves the built web app: hashed assets with a year-long cache, and each shell's index.html with
 * no-cache so a deploy is picked up at once. The HTML files are read once at start.
 */
export async function registerWeb(
  app: FastifyInstance,
  deps: {
    webRoot: string;
    isSetUp: () => Promise<boolean>;
    /** The brand each face paints its frame in (the portal's name for the portal). */
    shellBranding: (face: 'staff' | 'portal') => Promise<ShellBranding>;
  },
) {
  const { webRoot, isSetUp, shellBranding } = deps;
  const read = (face: string) => {
    const file = path.join(webRoot, face, 'index.html');
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  };
  const pages = { staff: read('staff'), portal: read('portal') };

  if (existsSync(path.join(webRoot, 'assets'))) {
    await app.register(fastifyStatic, {
      root: path.join(webRoot, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
    });
  }

  const sendPage = async (reply: FastifyReply, face: 'staff' | 'portal') => {
    const html = pages[face];
    if (!html) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app has not been built. Run `npm run build` (npm start does this for you).');
    }
    const filled = fillShell(html, await shellBranding(face));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(filled);
  };

  const hide = { schema: { hide: true } };
  app.get('/', hide, async (_request, reply) => reply.redirect((await isSetUp()) ? '/portal/' : '/setup'));
  app.get('/setup', hide, (_request, reply) => sendPage(reply, 'staff'));
  for (const face of ['staff', 'portal'] as const) {
    app.get(`/${face}`, hide, (_request, reply) => reply.redirect(`/${face}/`));
    app.get(`/${face}/*`, hide, (_request, reply) => sendPage(reply, face));
  }
}
