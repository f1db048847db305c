#!/usr/bin/env bash
# Browser tests: the built app in real Chromium (Debian's /usr/bin/chromium), driven by playwright-core.
# Screenshots land in test-artifacts/ (not committed).
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
if [ ! -f dist/web/staff/index.html ]; then echo "Build the web app first: npm run build" >&2; exit 1; fi
if ! command -v "${CHROMIUM_PATH:-chromium}" >/dev/null 2>&1; then
  echo "Chromium is missing: apt-get install -y chromium" >&2; exit 1
fi
mkdir -p test-artifacts
files=(tests/e2e/**/*.test.ts)
if [ ${#files[@]} -eq 0 ]; then echo "no browser tests found" >&2; exit 1; fi
PORTICO_TEST_SERVER=build exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "$@" "${files[@]}"
