#!/usr/bin/env bash
# `npm test`: the test dependencies, then the type check and the import rules beside the suite.
# tsc and dependency-cruiser use one core each while vitest builds and starts its first files, so
# on a 2-core machine they run beside it instead of before it (issue #12: 20-35 s of one idle core).
# Their output is printed when they end; any failure fails the run, with its name.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-test-deps.sh || exit $?

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
check() {
  local name=$1
  shift
  "$@" >"$out/$name.log" 2>&1
  echo $? >"$out/$name.rc"
}
check typecheck npm run -s typecheck &
check depcheck npm run -s depcheck &

npx vitest run "$@"
suite=$?
wait

failed=0
for name in typecheck depcheck; do
  rc=$(cat "$out/$name.rc")
  if [ "$rc" -ne 0 ]; then
    echo "npm test: $name FAILED (exit $rc):" >&2
    cat "$out/$name.log" >&2
    failed=1
  else
    echo "npm test: $name passed"
    cat "$out/$name.log"
  fi
done
[ "$suite" -ne 0 ] && echo "npm test: the suite FAILED (vitest exit $suite)" >&2
[ "$suite" -ne 0 ] || [ "$failed" -ne 0 ] && exit 1
exit 0
