// Fails when a web module crosses an import boundary (the rules are in web-boundaries.mjs). Run by
// scripts/lint-rules.sh, which `npm run check` runs.
import { fileURLToPath } from 'node:url';
import { readWebFiles, violations } from './web-boundaries.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const found = violations(readWebFiles(root));
if (found.length > 0) {
  console.log(
    'Web import boundaries: move the shared piece to src/web/ui or src/web/api, or compose in the face shell.',
  );
  for (const v of found) console.log(`  ${v.path}:${v.line}: imports '${v.specifier}': ${v.rule}`);
}
process.exit(found.length > 0 ? 1 : 0);
