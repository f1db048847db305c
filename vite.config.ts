import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Outside production, answer client-side routes with the right shell, as the Portico server does:
 * /staff/* and /setup get the staff app, /portal/* (and /) the portal.
 */
function shellFallback(): Plugin {
  const rewrite = (req: IncomingMessage, _res: ServerResponse, next: () => void) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const isFile = /\.[a-z0-9]+$/i.test(path) || path.startsWith('/@') || path.startsWith('/node_modules/');
    if (req.method === 'GET' && !isFile && !path.startsWith('/api/')) {
      if (path === '/setup' || path === '/staff' || path.startsWith('/staff/')) req.url = '/staff/index.html';
      else if (path === '/' || path === '/portal' || path.startsWith('/portal/'))
        req.url = '/portal/index.html';
    }
    next();
  };
  return {
    name: 'portico-shell-fallback',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

/**
 * colour-scheme-boot.js as a blocking script at the top of each page's <head>, so the colour scheme is
 * set before the first paint (no white flash in dark mode). It is a hashed file under /assets/ like every
 * other asset: the Content-Security-Policy allows no inline script, and Vite bundles only module scripts,
 * which run after the first paint.
 */
function colourSchemeBoot(): Plugin {
  const source = readFileSync(fromRoot('./src/web/colour-scheme-boot.js'), 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 10);
  const fileName = `assets/colour-scheme-boot-${hash}.js`;
  return {
    name: 'portico-colour-scheme-boot',
    buildStart() {
      if (this.meta.watchMode) return;
      this.emitFile({ type: 'asset', fileName, source });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url !== `/${fileName}`) return next();
        res.setHeader('content-type', 'text/javascript');
        res.end(source);
      });
    },
    transformIndexHtml: () => [{ tag: 'script', attrs: { src: `/${fileName}` }, injectTo: 'head-prepend' }],
  };
}

// `vite` and `vite preview` pass the API on to a running Portico server (not /api/ alone: the web app's
// own modules live under src/web/api/ and are served by Vite).
const apiTarget = process.env.PORTICO_API_URL ?? 'http://localhost:3000';
const apiProxy = { '/api/v1': apiTarget, '/api/openapi.json': apiTarget, '/api/docs': apiTarget };

export default defineConfig({
  root: fromRoot('./src/web'),
  base: '/',
  plugins: [react(), shellFallback(), colourSchemeBoot()],
  build: {
    outDir: fromRoot('./dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Every asset is a file under /assets, never a data: URL inlined into a script or stylesheet.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: {
        staff: fromRoot('./src/web/staff/index.html'),
        portal: fromRoot('./src/web/portal/index.html'),
      },
      output: {
        // Libraries change less often than our code: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 30,
            },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
            // Each language's catalogues in a chunk of its own, fetched only by those who read it (English
            // is in the main bundle: the fallback, and the source of the pseudo-locale).
            {
              debugName: 'locales',
              name: (id) => `locale-${/locales[\\/]([a-zA-Z-]+)[\\/]/.exec(id)?.[1] ?? 'x'}`,
              test: /src[\\/]shared[\\/]i18n[\\/]locales[\\/](?!en[\\/])/,
              priority: 6,
            },
            { name: 'common', test: /src[\\/](web[\\/](ui|api)|shared)[\\/]/, priority: 5 },
          ],
        },
      },
    },
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
});
