#!/usr/bin/env bash
# Unit and API tests on a real database per test file: SQLite by default, PostgreSQL when
# TEST_DATABASE_URL is set. The file list is expanded by the shell: on Node 20 a folder or a quoted
# glob finds no .ts files and would run nothing.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
files=(src/**/*.test.ts migrations/**/*.test.ts)
if [ ${#files[@]} -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec "$@" "${files[@]}"
