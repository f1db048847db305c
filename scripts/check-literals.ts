/**
 * `npm run check`: no user-visible literal in the web app's components (the rule is in literal-rule.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findLiterals } from './literal-rule.ts';

const root = path.resolve(import.meta.dirname, '..');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith('.tsx') && !entry.name.includes('.test.') ? [full] : [];
  });
}

const problems: string[] = [];
for (const file of tsxFiles(path.join(root, 'src/web'))) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  for (const literal of findLiterals(relative, readFileSync(file, 'utf8'))) {
    problems.push(`${relative}:${literal.line}: ${literal.text}`);
  }
}
if (problems.length > 0) {
  console.error(
    `User-visible text not from the catalogues (${problems.length}): use t('namespace:key') (docs/admin-guide "Adding a language"):`,
  );
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
