#!/usr/bin/env bash
# Reliability tests: real `portico serve` processes killed with SIGKILL during a stream of writes, then
# restarted on the same data; SQLite, and PostgreSQL when reachable (TEST_DATABASE_URL or
# postgres://postgres@127.0.0.1:5432/postgres). RELIABILITY_SEED and RELIABILITY_ROUNDS vary the runs;
# the figures are printed as test diagnostics.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
files=(tests/reliability/**/*.test.ts)
if [ ${#files[@]} -eq 0 ]; then echo "no reliability tests found" >&2; exit 1; fi
PORTICO_TEST_SERVER=build exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "$@" "${files[@]}"
