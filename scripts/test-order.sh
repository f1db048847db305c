# Sourced by scripts/test.sh and scripts/test-node24.sh. `node --test` starts files in the order it is
# given them, two at a time; a long file started late runs alone at the end while the other core idles.
# So the files that take longest (measured on the SQLite suite, decision 012) start first, the rest
# keep their order. The list only orders: a file missing from it still runs, a name here that no longer
# exists is ignored.
slowest_tests=(
  src/server/test/scoping.test.ts
  src/server/platform/storage-s3.attachments.test.ts
  src/server/modules/setup/setup.test.ts
  src/server/modules/generate/generate.test.ts
  src/server/main.test.ts
  src/server/cli/worker.test.ts
  src/server/modules/auth/security.test.ts
  src/server/modules/password-reset/password-reset.test.ts
  src/server/modules/ticket-email/inbound-smtp.test.ts
  src/server/test/query-counts.test.ts
)

# Prints the given files one a line, the slowest first.
longest_first() {
  local f s found
  local -a first=() rest=()
  for s in "${slowest_tests[@]}"; do
    for f in "$@"; do [ "$f" = "$s" ] && first+=("$f"); done
  done
  for f in "$@"; do
    found=0
    for s in "${first[@]}"; do [ "$f" = "$s" ] && found=1; done
    [ "$found" = 1 ] || rest+=("$f")
  done
  printf '%s\n' "${first[@]}" "${rest[@]}"
}
