/**
 * Module rules `npm run check` enforces (issue 11, point 2), beside Biome and the import-circle check:
 *
 * 1. A module never imports another module's repository or routes file: it asks the other module's
 *    service (or its exported read helpers).
 * 2. A table is written (insertInto, updateTable, deleteFrom) only by its owner (tableOwners in
 *    src/server/platform/access/registry.ts). The seeders (demo, generate) are the exception: they
 *    write many tables in bulk by design (and may use other modules' repositories to do so).
 * 3. SQL lives in repositories: a module's query starts (selectFrom, insertInto, updateTable,
 *    deleteFrom, sql`…`.execute) sit in its *.repository.ts files, not in services or routes. The
 *    seeders are the exception here too.
 *
 * Places that broke a rule before it existed are listed in scripts/module-rules-baseline.txt, each to
 * be moved to its owner. The check fails on any violation not listed there, and on a listed one that is
 * gone (so the list only shrinks).
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableOwners } from '../src/server/platform/access/registry.ts';

const root = path.resolve(import.meta.dirname, '..');
const seeders = new Set(['demo', 'generate']);

export interface SourceFile {
  path: string;
  source: string;
}

/** The module a file belongs to: modules/<name>/…, or "platform"; null for anything else. */
function moduleOf(file: string): string | null {
  const m = /^src\/server\/modules\/([^/]+)\//.exec(file);
  if (m?.[1]) return m[1];
  if (file.startsWith('src/server/platform/')) return 'platform';
  return null;
}

function isTestFile(file: string): boolean {
  return /\.test\.ts$|fixtures\.ts$|test-helpers\.ts$|test-support\.ts$|\/test\//.test(file);
}

export function violations(files: readonly SourceFile[], owners: Record<string, string>): string[] {
  const found: string[] = [];
  for (const file of files) {
    const mod = moduleOf(file.path);
    if (!mod || isTestFile(file.path)) continue;
    const lines = file.source.split('\n');
    let queries = 0;
    lines.forEach((line) => {
      for (const m of line.matchAll(/from '\.\.\/([a-z-]+)\/([a-z.-]+\.(?:repository|routes))\.ts'/g)) {
        if (m[1] !== mod && !seeders.has(mod))
          found.push(`${file.path}: imports ${m[1]}/${m[2]}.ts (another module's ${m[2]?.split('.').pop()})`);
      }
      if (
        mod !== 'platform' &&
        !seeders.has(mod) &&
        !file.path.endsWith('.repository.ts') &&
        /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`[^`]*`\.execute\(/.test(line)
      ) {
        queries += 1;
      }
      for (const m of line.matchAll(/\b(insertInto|updateTable|deleteFrom)\(\s*'([a-z_]+)/g)) {
        const table = m[2] ?? '';
        const owner = owners[table];
        if (!owner) found.push(`${file.path}: writes "${table}", which has no owner`);
        else if (owner !== mod && !seeders.has(mod))
          found.push(`${file.path}: writes "${table}", owned by ${owner}`);
      }
    });
    if (queries > 0) found.push(`${file.path}: ${queries} queries outside a repository`);
  }
  return [...new Set(found)].sort();
}

function trackedFiles(): SourceFile[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src/server'], {
    cwd: root,
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ path: f, source: readFileSync(path.join(root, f), 'utf8') }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const baselineFile = path.join(root, 'scripts/module-rules-baseline.txt');
  const baseline = new Set(
    readFileSync(baselineFile, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  const now = violations(trackedFiles(), tableOwners);
  const added = now.filter((v) => !baseline.has(v));
  const gone = [...baseline].filter((v) => !now.includes(v));
  if (process.argv.includes('--print')) {
    for (const v of now) console.log(v);
    process.exit(0);
  }
  for (const v of added) console.log(`Module rule broken: ${v}`);
  for (const v of gone) console.log(`Fixed, so take it off scripts/module-rules-baseline.txt: ${v}`);
  process.exit(added.length + gone.length > 0 ? 1 : 0);
}
