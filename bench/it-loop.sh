#!/usr/bin/env bash
# Runs the integration suites of server and cli N times in a row (default 10) and prints one line a run: what proves
# that they are stable (issue 10, item 0). Needs what .ci/run sets up: PostgreSQL, Chromium, ../shared/samples.
# Usage: bench/it-loop.sh [N]   (logs in target/it-loop/run-K.log)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export EVALHUB_TEST_POSTGRES_URL="${EVALHUB_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
runs="${1:-10}"
mkdir -p target/it-loop
failed=0
for i in $(seq 1 "$runs"); do
  log="target/it-loop/run-$i.log"
  mvn -B -Dstyle.color=never verify -pl server,cli -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    > "$log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || failed=$((failed + 1))
  echo "run $i: exit $rc at $(date +%T); $(grep -h 'Tests run: [0-9]*, Fail.*Skipped: [0-9]*$' "$log" | tr -s ' ' \
    | sed 's/\[[A-Z]*\] //' | paste -sd ';' -)"
done
echo "$((runs - failed)) passed, $failed failed"
exit $((failed > 0))
