// Import boundaries of the web app (src/web), checked by check-web-boundaries.mjs in `npm run check`.
// Plain Node, no dependency: import and export-from specifiers are read with regular expressions and
// relative ones resolved against the importing file; package imports are not checked.
//
// Zones, by the first folder under src/web/:
//   ui/, api/        shared by both faces (components, formatting; fetchers, query keys, shared hooks).
//   staff/, portal/  the two faces. A folder directly under a face is a feature (staff/tickets/,
//                    portal/home/); files directly in the face folder (app.tsx, main.tsx, navigation.ts)
//                    are its shell, which composes the face's features.
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

const WEB = 'src/web/';
const FACES = new Set(['staff', 'portal']);
const SHARED = new Set(['ui', 'api']);

export const RULES = {
  sharedImportsFace: 'ui/ and api/ must not import staff/ or portal/',
  facesApart: 'staff/ and portal/ must not import each other',
  featureImportsFeature:
    'a feature (a folder directly under staff/ or portal/) must not import another feature',
};

// import … from '…' and export … from '…' (multi-line and `import type` too), bare import '…', and
// dynamic import('…'). Group 1 is the statement's keyword (for its line), group 2 the specifier. An
// import clause holds no quote, semicolon, parenthesis or '=', so a match cannot run into code.
const PATTERNS = [
  /^[ \t]*((?:import|export)\b)[^'";()=]*?\bfrom\s*['"]([^'"\n]+)['"]/gm,
  /^[ \t]*(import)\s*['"]([^'"\n]+)['"]/gm,
  /\b(import)\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

/** Every specifier a source imports or re-exports from, with the 1-based line of its statement. */
export function importsOf(source) {
  const found = [];
  for (const pattern of PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      const start = match.index + match[0].indexOf(match[1]);
      found.push({ specifier: match[2], line: source.slice(0, start).split('\n').length });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** The zone of a repository-relative path under src/web/, and for a face its feature (null for the shell). */
export function zoneOf(path) {
  if (!path.startsWith(WEB)) return null;
  const parts = path.slice(WEB.length).split('/');
  const top = parts[0] ?? '';
  if (FACES.has(top)) return { zone: top, feature: parts.length > 2 ? parts[1] : null };
  if (SHARED.has(top)) return { zone: top, feature: null };
  return { zone: 'other', feature: null };
}

/** The rule an import from the file `from` of the file `to` breaks, or null (repository-relative paths). */
export function ruleBroken(from, to) {
  const a = zoneOf(from);
  const b = zoneOf(to);
  if (!a || !b) return null;
  if (SHARED.has(a.zone) && FACES.has(b.zone)) return RULES.sharedImportsFace;
  if (FACES.has(a.zone) && FACES.has(b.zone) && a.zone !== b.zone) return RULES.facesApart;
  if (a.zone === b.zone && a.feature && b.feature && a.feature !== b.feature)
    return RULES.featureImportsFeature;
  return null;
}

/**
 * The boundary violations in a set of files, each `{ path, source }` with a repository-relative path
 * such as 'src/web/staff/tickets/queue-page.tsx'; each violation is `{ path, line, specifier, rule }`.
 */
export function violations(files) {
  const found = [];
  for (const { path, source } of files) {
    for (const { specifier, line } of importsOf(source)) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const rule = ruleBroken(path, posix.normalize(posix.join(posix.dirname(path), specifier)));
      if (rule) found.push({ path, line, specifier, rule });
    }
  }
  return found;
}

/** The .ts and .tsx files under src/web/ of the repository at `root`, as `violations` takes them. */
export function readWebFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(posix.join(root, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        files.push({ path, source: readFileSync(posix.join(root, path), 'utf8') });
      }
    }
  };
  walk(WEB.slice(0, -1));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
