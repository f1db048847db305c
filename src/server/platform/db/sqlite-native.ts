import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3 at the major this Node.js can run (decision 006). No major runs on both runtimes
 * Portico supports: 12 (installed as `better-sqlite3-node20`) is built on Node's own object wrapper,
 * which aborts the process on Node 24.19 and later once built against their headers ("Assertion
 * failed: (env) != nullptr" when a statement is collected); 13 (`better-sqlite3`) is Node-API 10, which
 * Node 20 lacks (it crashes on the first statement). So each runtime loads the one it runs: Node-API 10
 * (Node 22.14 and later, every Node 24) takes 13, older ones 12. Both have the same API; when Node 20
 * support ends, drop `better-sqlite3-node20` and import `better-sqlite3` directly.
 */
export const sqliteModuleName: 'better-sqlite3' | 'better-sqlite3-node20' =
  Number(process.versions.napi) >= 10 ? 'better-sqlite3' : 'better-sqlite3-node20';

const require = createRequire(import.meta.url);

const SqliteDatabase = require(sqliteModuleName) as typeof BetterSqlite3;

export default SqliteDatabase;
