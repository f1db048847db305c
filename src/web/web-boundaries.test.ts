import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importsOf, RULES, readWebFiles, violations } from '../../scripts/web-boundaries.mjs';

/** The violations in one file, each as "path:line rule". */
function check(path: string, source: string): string[] {
  return violations([{ path, source }]).map((v) => `${v.path}:${v.line} ${v.rule}`);
}

describe('importsOf', () => {
  it('reads every kind of import and export-from, with the line each starts on', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      'import {',
      '  c,',
      '  d,',
      "} from './c.ts';",
      "import './style.css';",
      "export { e } from './e.ts';",
      "export * from './f.ts';",
      "const g = () => import('./g.tsx');",
      "// import { h } from './commented.ts';",
      "const text = 'data from here';",
    ].join('\n');
    assert.deepEqual(importsOf(source), [
      { specifier: './a.ts', line: 1 },
      { specifier: '../b.ts', line: 2 },
      { specifier: './c.ts', line: 3 },
      { specifier: './style.css', line: 7 },
      { specifier: './e.ts', line: 8 },
      { specifier: './f.ts', line: 9 },
      { specifier: './g.tsx', line: 10 },
    ]);
  });
});

describe('web import boundaries', () => {
  it('keeps ui/ and api/ off the faces', () => {
    assert.deepEqual(check('src/web/ui/pager.tsx', "import { x } from '../staff/clients/x.ts';"), [
      `src/web/ui/pager.tsx:1 ${RULES.sharedImportsFace}`,
    ]);
    assert.deepEqual(check('src/web/api/sub/tickets.ts', "\nimport { y } from '../../portal/app.tsx';"), [
      `src/web/api/sub/tickets.ts:2 ${RULES.sharedImportsFace}`,
    ]);
  });

  it('keeps staff and portal apart, shells included', () => {
    assert.deepEqual(
      check('src/web/staff/reset/index.tsx', "import { P } from '../../portal/reset/p.tsx';"),
      [`src/web/staff/reset/index.tsx:1 ${RULES.facesApart}`],
    );
    assert.deepEqual(check('src/web/portal/app.tsx', "export { S } from '../staff/tickets/s.ts';"), [
      `src/web/portal/app.tsx:1 ${RULES.facesApart}`,
    ]);
  });

  it('stops a feature importing another feature of its face', () => {
    assert.deepEqual(
      check('src/web/staff/tickets/api/tickets.ts', "import { c } from '../../clients/api/contacts.ts';"),
      [`src/web/staff/tickets/api/tickets.ts:1 ${RULES.featureImportsFeature}`],
    );
    assert.deepEqual(check('src/web/portal/home/home-page.tsx', "import './../tickets/card.tsx';"), [
      `src/web/portal/home/home-page.tsx:1 ${RULES.featureImportsFeature}`,
    ]);
  });

  it('allows what the layout intends', () => {
    const allowed = [
      // The shell composes its face's features.
      ['src/web/staff/app.tsx', "import { routes } from './tickets/routes.tsx';"],
      // Features use ui/, api/, shared/, packages, themselves and their face's shell files.
      ['src/web/staff/tickets/queue-page.tsx', "import { Pager } from '../../ui/pager.tsx';"],
      ['src/web/portal/tickets/api.ts', "import { ticketKeys } from '../../api/tickets.ts';"],
      ['src/web/portal/tickets/api.ts', "import type { T } from '../../../shared/schemas/tickets.ts';"],
      ['src/web/portal/tickets/api.ts', "import { useQuery } from '@tanstack/react-query';"],
      ['src/web/staff/clients/portal-tab.tsx', "import { P } from './preview/index.ts';"],
      ['src/web/portal/shell/portal-root.tsx', "import { portalNavItems } from '../navigation.ts';"],
      // ui/ and api/ use each other.
      ['src/web/ui/states.tsx', "import { errorMessage } from '../api/client.ts';"],
    ] as const;
    for (const [path, source] of allowed) assert.deepEqual(check(path, source), [], `${path}: ${source}`);
  });

  it('finds nothing in the real tree', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const files = readWebFiles(root);
    assert.ok(files.some((f) => f.path === 'src/web/staff/app.tsx'));
    assert.deepEqual(violations(files), []);
  });
});
