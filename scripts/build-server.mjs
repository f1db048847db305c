// The server for production: TypeScript compiled once, at build time, to dist/server/ (npm start runs
// it with plain node). Development, tests and the `portico` CLI run the sources through tsx instead.
// Packages stay outside the bundle (node_modules is there at run time); the generator and its SLA
// worker are separate files, loaded only by `portico generate`.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/server');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src/server/main.ts',
    'sla-worker': 'src/server/modules/generate/sla-worker.ts',
  },
  outdir,
  // Chunks sit beside main.js, so paths resolved from import.meta.url (dist/web, the worker) hold.
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
