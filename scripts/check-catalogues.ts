/**
 * The translation catalogues (src/shared/i18n/locales/<language>/<namespace>.json), checked by
 * `npm run check`:
 * - every language has exactly the English keys of each namespace (a missing key and an extra key fail);
 * - every message is valid ICU, and names the same arguments as the English one ({name}, {count});
 * - every plural and selectordinal argument gives exactly the categories Intl.PluralRules selects for the
 *   language (Polish one, few, many, other), besides any exact `=N` cases (scripts/plural-rule.ts);
 * - every English key is used: its full name (`errors:notFound.record`) appears in the source outside the
 *   catalogues and the tests, and every such name in the source is a key of the English catalogue.
 * The rule against user-visible literals in React components comes with the web app's translation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { pluralProblems } from './plural-rule.ts';

const root = path.resolve(import.meta.dirname, '..');
const localesDir = path.join(root, 'src/shared/i18n/locales');
const problems: string[] = [];

type Catalogue = Record<string, string>;
const languages = readdirSync(localesDir).filter((d) => statSync(path.join(localesDir, d)).isDirectory());
const read = (language: string, ns: string): Catalogue | null => {
  const file = path.join(localesDir, language, `${ns}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
  } catch (error) {
    problems.push(`${path.relative(root, file)}: cannot be read (${(error as Error).message})`);
    return null;
  }
};
const namespaces = readdirSync(path.join(localesDir, 'en'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5));

/** The argument names an ICU message uses, from intl-messageformat's parse. */
function argumentsOf(message: string, language: string): Set<string> {
  const names = new Set<string>();
  // biome-ignore lint/suspicious/noExplicitAny: the parser's element union, walked generically
  const walk = (elements: any[]) => {
    for (const el of elements) {
      if (typeof el.value === 'string' && el.type !== 0) names.add(el.value);
      if (el.options)
        for (const option of Object.values(el.options)) walk((option as { value: unknown[] }).value);
    }
  };
  walk(new IntlMessageFormat(message, language === 'en-XA' ? 'en' : language).getAst());
  return names;
}

const english: Record<string, Catalogue> = {};
for (const ns of namespaces) english[ns] = read('en', ns) ?? {};

for (const language of languages) {
  for (const ns of namespaces) {
    const catalogue = language === 'en' ? english[ns] : read(language, ns);
    if (!catalogue) continue;
    const where = `locales/${language}/${ns}.json`;
    const base = english[ns] ?? {};
    for (const key of Object.keys(base)) if (!(key in catalogue)) problems.push(`${where}: missing "${key}"`);
    for (const key of Object.keys(catalogue))
      if (!(key in base)) problems.push(`${where}: "${key}" is not in English`);
    for (const [key, message] of Object.entries(catalogue)) {
      if (typeof message !== 'string' || message.trim() === '') {
        problems.push(`${where}: "${key}" is empty`);
        continue;
      }
      try {
        const mine = argumentsOf(message, language);
        const theirs = base[key] ? argumentsOf(base[key], 'en') : mine;
        const differs = [...mine].some((a) => !theirs.has(a)) || [...theirs].some((a) => !mine.has(a));
        if (differs) {
          problems.push(
            `${where}: "${key}" has arguments {${[...mine].join(', ')}}, English {${[...theirs].join(', ')}}`,
          );
        }
        for (const problem of pluralProblems(message, language))
          problems.push(`${where}: "${key}" ${problem}`);
      } catch (error) {
        problems.push(`${where}: "${key}" is not valid ICU (${(error as Error).message})`);
      }
    }
  }
}

// Where the keys are used: the source outside the catalogues and the tests.
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === localesDir ? [] : sources(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}
const used = new Map<string, string>();
const pattern = new RegExp(`['"\`](${namespaces.join('|')}):([A-Za-z0-9_.]+)['"\`]`, 'g');
for (const file of sources(path.join(root, 'src'))) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(pattern)) used.set(`${match[1]}:${match[2]}`, path.relative(root, file));
}
for (const ns of namespaces) {
  for (const key of Object.keys(english[ns] ?? {})) {
    if (!used.has(`${ns}:${key}`))
      problems.push(`locales/en/${ns}.json: "${key}" is not used in src (remove it)`);
  }
}
for (const [name, file] of used) {
  const [ns = '', key = ''] = name.split(':');
  if (!(key in (english[ns] ?? {}))) problems.push(`${file}: "${name}" is not in locales/en/${ns}.json`);
}

if (problems.length > 0) {
  console.error('Translation catalogues:');
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
