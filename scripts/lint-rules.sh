#!/usr/bin/env bash
# Project rules Biome cannot express. Each names the file and line, and fails the check.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
rule() {
  local pattern=$1 why=$2
  local hits
  hits=$(git ls-files --cached --others --exclude-standard -- 'src/**/*.ts' 'src/**/*.tsx' 'migrations/*.ts' 'bench/**/*.ts' \
    | xargs -r grep -nE "$pattern" -- 2>/dev/null | grep -v 'lint-rules: allow')
  if [ -n "$hits" ]; then
    echo "$why"
    echo "$hits" | sed 's/^/  /'
    status=1
  fi
}
rule 'Math\.random' 'Math.random is not a CSPRNG: use randomToken()/crypto.randomInt.'
rule 'sql\.raw\(|sql\.lit\(|\.raw\(`' 'String-built SQL: use Kysely builders or sql`` with bound values.'
# No import circles in the server, the web app or the shared code, type-only imports included (dpdm reads
# them unless given --transform): a module that needs its own registrar's types is wired backwards.
if ! circles=$(npx --no-install dpdm --no-tree --no-warning --no-progress --exit-code circular:1 \
  'src/server/**/*.ts' 'src/web/**/*.ts' 'src/web/**/*.tsx' 'src/shared/**/*.ts' 2>&1); then
  echo 'Import circles: break them (services are built in src/server/composition.ts; types go where both sides can import them).'
  echo "$circles" | grep -E '^\s+[0-9]+\)' | sed 's/^ */  /' || echo "$circles"
  status=1
fi
rule 'withoutPlugins\(' 'Only the access layer takes plugins off a database handle (it would strip the scoping): use database.forActor/system.'
hits=$(git ls-files --cached --others --exclude-standard -- 'src/**/*.ts' | grep -v -E '^src/server/platform/(db|access)/|\.test\.ts$' \
  | xargs -r grep -n 'belowAccessLayer' -- 2>/dev/null)
if [ -n "$hits" ]; then
  echo 'belowAccessLayer is for the migrator, the registry check and driver tests only: use database.forActor/system.'
  echo "$hits" | sed 's/^/  /'
  status=1
fi
# Error messages are catalogue keys (AppError takes only a Message). No server message may be a bare pass-through
# ("{text}"): that would let English from elsewhere through in every language. Compose messages instead.
hits=$(grep -nE '^  "[^"]+": "\{[A-Za-z0-9_]+\}",?$' src/shared/i18n/locales/en/{errors,common,emails}.json)
if [ -n "$hits" ]; then
  echo 'A catalogue message that is only one argument passes text through untranslated: write the sentence.'
  echo "$hits" | sed 's/^/  /'
  status=1
fi
node --import tsx scripts/check-modules.ts || status=1
# Translation catalogues: the same keys in every language, valid ICU, no unused or unknown keys.
node --import tsx scripts/check-catalogues.ts || status=1
# No user-visible literal in the web app's components: text comes from the catalogues through t().
node --import tsx scripts/check-literals.ts || status=1
node scripts/check-web-boundaries.mjs || status=1
exit $status
