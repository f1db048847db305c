import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Serves the built web app: hashed assets with a year-long cache, and each shell's index.html with
 * no-cache so a deploy is picked up at once. The HTML files are read once at start.
 */
export async function registerWeb(
  app: FastifyInstance,
  deps: { webRoot: string; isSetUp: () => Promise<boolean> },
) {
  const { webRoot, isSetUp } = deps;
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

  const sendPage = (reply: FastifyReply, html: string | null) => {
    if (!html) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app has not been built. Run `npm run build` (npm start does this for you).');
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };

  const hide = { schema: { hide: true } };
  app.get('/', hide, async (_request, reply) => reply.redirect((await isSetUp()) ? '/portal/' : '/setup'));
  app.get('/setup', hide, (_request, reply) => sendPage(reply, pages.staff));
  for (const face of ['staff', 'portal'] as const) {
    app.get(`/${face}`, hide, (_request, reply) => reply.redirect(`/${face}/`));
    app.get(`/${face}/*`, hide, (_request, reply) => sendPage(reply, pages[face]));
  }
}
