import assert from 'node:assert/strict';
import { test } from 'node:test';
import { violations } from '../../../../scripts/check-modules.ts';
import { tableOwners } from './registry.ts';

const file = (path: string, source: string) => ({ path, source });

test('a module importing another module’s repository or routes file breaks the rule', () => {
  const found = violations(
    [
      file(
        'src/server/modules/profile/profile.service.ts',
        "import { x } from '../auth/accounts.repository.ts';",
      ),
      file(
        'src/server/modules/tickets/tickets.routes.ts',
        "import { y } from '../clients/clients.routes.ts';",
      ),
      file('src/server/modules/tickets/tickets.service.ts', "import { z } from './tickets.repository.ts';"),
      file('src/server/modules/tickets/tickets.test.ts', "import { z } from '../auth/auth.repository.ts';"),
    ],
    tableOwners,
  );
  assert.deepEqual(found, [
    "src/server/modules/profile/profile.service.ts: imports auth/accounts.repository.ts (another module's repository)",
    "src/server/modules/tickets/tickets.routes.ts: imports clients/clients.routes.ts (another module's routes)",
  ]);
});

test('a query outside a repository breaks the rule, counted per file', () => {
  const found = violations(
    [
      file(
        'src/server/modules/tickets/tickets.service.ts',
        "await db\n  .selectFrom('tickets')\n  .execute();\nawait sql`select 1`.execute(db);",
      ),
      file('src/server/modules/tickets/tickets.repository.ts', "db.selectFrom('tickets')"),
      file('src/server/platform/jobs.ts', "db.selectFrom('jobs')"),
    ],
    tableOwners,
  );
  assert.deepEqual(found, ['src/server/modules/tickets/tickets.service.ts: 2 queries outside a repository']);
});

test('a write to a table outside its owner breaks the rule; the owner and the seeders may write', () => {
  const found = violations(
    [
      file(
        'src/server/modules/tickets/tickets.repository.ts',
        "db.insertInto('tickets'); db.updateTable('accounts')",
      ),
      file('src/server/modules/profile/profile.repository.ts', "db.deleteFrom('sessions')"),
      file('src/server/modules/demo/demo.service.ts', "db.insertInto('tickets')"),
      file('src/server/modules/x/x.repository.ts', "db.insertInto('no_such_table')"),
    ],
    tableOwners,
  );
  assert.deepEqual(found, [
    'src/server/modules/profile/profile.repository.ts: writes "sessions", owned by identity',
    'src/server/modules/tickets/tickets.repository.ts: writes "accounts", owned by identity',
    'src/server/modules/x/x.repository.ts: writes "no_such_table", which has no owner',
  ]);
});
