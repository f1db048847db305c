#!/usr/bin/env bash
# Unit and API tests on a real database per test file: SQLite by default, PostgreSQL when
# TEST_DATABASE_URL is set. The file list is expanded by the shell: on Node 20 a folder or a quoted
# glob finds no .ts files and would run nothing. Arguments: --test-name-pattern=RE (any number) and
# --test-only, as node --test takes them.
#
# Two files at a time, the longest first (decision 013): scripts/run-tests.mjs runs them in the order
# given, where `node --test` would sort them by path and start the route-table walk late, to run on
# alone at the end. `longest` below is that head of the queue, longest first, from the per-file times
# the runner prints at the end of each run; every other file follows in path order. A file missing
# from this list still runs; one listed here that no longer exists fails the run, so the list is kept.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
longest=(
  src/server/test/scoping.test.ts
  src/server/cli/worker.test.ts
  src/server/test/query-counts.test.ts
  src/server/cli/backup.test.ts
  src/server/main.test.ts
  src/server/config.test.ts
)
files=("${longest[@]}")
for file in src/**/*.test.ts migrations/**/*.test.ts; do
  case " ${longest[*]} " in
    *" $file "*) ;;
    *) files+=("$file") ;;
  esac
done
for file in "${longest[@]}"; do
  if [ ! -f "$file" ]; then echo "scripts/test.sh lists $file, which does not exist" >&2; exit 1; fi
done
if [ ${#files[@]} -eq ${#longest[@]} ]; then echo "no test files found" >&2; exit 1; fi
exec node --import tsx scripts/run-tests.mjs --concurrency 2 "$@" "${files[@]}"
