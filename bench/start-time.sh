#!/usr/bin/env bash
# Start time against its limit (issue 16, item 5: at most 2 s on a 10,000-repository hub): from the process's start to
# the first `GET /health` that answers 200 with a body that says ready (and not "catching up") while
# `GET /health/ready` answers 200, with `evalhub serve` on a generated hub whose index is already built (a restart).
# Also prints the hub's own log line of its start steps ("hub opened in ...") and the process's CPU time (user +
# system, all threads) at that moment. Rounds after the first restart after a clean stop (what `kill` gives, once the
# server's background reconcile has completed: the script waits for it before the stop), which skips the walks over
# every repository (docs/ARCHITECTURE.md "Clean stops"); a hub whose index was built by `reindex` has no clean-stop
# record, so round 1 walks.
#   bench/start-time.sh [REPOSITORIES] [ROUNDS]      (defaults: 10000 3)
# Environment: HUBS (generated hubs are kept there and reused; default /tmp/evalhub-bench-hubs), PORT (default 18490),
# CLI_JAR (default cli/target/evalhub.jar), JAVA_OPTS (for the server JVM), DB (a JDBC URL for the index instead of the embedded H2).
# Needs a build: mvn -B -q -pl cli,benchmarks -am -DskipTests package
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${CLI_JAR:-$root/cli/target/evalhub.jar}"; bench="$root/benchmarks/target/benchmarks.jar"
[ -f "$cli" ] && [ -f "$bench" ] || { echo "build first: mvn -B -q -pl cli,benchmarks -am -DskipTests package" >&2; exit 2; }
repos="${1:-10000}"; rounds="${2:-3}"; port="${PORT:-18490}"; benchmarks=50
hubs="${HUBS:-/tmp/evalhub-bench-hubs}"; models=$(( repos - benchmarks ))
data="$hubs/hub-$models-1-$benchmarks"
read -r -a java_opts <<< "${JAVA_OPTS:-}"
db=(); [ -n "${DB:-}" ] && db=(--db "$DB")
mkdir -p "$hubs"
if [ ! -d "$data/repos" ]; then
  java -cp "$bench" dev.evalhub.benchmarks.HubGenerator "$data" "$models" 1 "$benchmarks"
fi
if [ ! -d "$data/index" ] || [ -n "${DB:-}" ]; then
  echo "building the index once (a restart is what is measured)"
  java -jar "$cli" reindex --data "$data" "${db[@]}" | tail -1
fi
limit_ms=2000
times=()
for round in $(seq 1 "$rounds"); do
  log="$(mktemp)"
  start=$(date +%s%N)
  java "${java_opts[@]}" -jar "$cli" serve --data "$data" --port "$port" "${db[@]}" >"$log" 2>&1 &
  pid=$!
  ready_ms=""; cpu_ms=""
  for _ in $(seq 1 6000); do
    body=$(curl -s -m 1 -w ' %{http_code}' "http://127.0.0.1:$port/health" 2>/dev/null || true)
    if [ "${body##* }" = 200 ] && ! grep -qi 'catching' <<<"$body" \
        && [ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; then
      ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
      read -r -a stat < "/proc/$pid/stat" || true
      cpu_ms=$(( (${stat[13]:-0} + ${stat[14]:-0}) * 1000 / $(getconf CLK_TCK) ))
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  # A server that started after a clean stop reconciles in the background (10 s after its start); stopped before that
  # completes, it records no clean stop and the next round walks. A real restart follows a server that ran longer.
  if grep -q 'reconciling in the background' "$log"; then
    for _ in $(seq 1 600); do
      grep -q 'reconciled the index with the repositories in the background' "$log" && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
  fi
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  steps=$(grep -o 'hub opened in .*' "$log" | head -1 || true)
  echo "round $round: ready after ${ready_ms:-never} ms, CPU ${cpu_ms:-?} ms (load average $(uptime | sed 's/.*average: //; s/,.*//'))"
  echo "  $steps"
  [ -z "$ready_ms" ] && tail -5 "$log"
  times+=("${ready_ms:-999999}")
  rm -f "$log"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf '%-44s %8s %8s %7s %s\n' measure value limit ratio verdict
printf '%-44s %8s %8s %7s %s\n' "start to ready, median ms ($repos repositories)" "$median" "$limit_ms" \
  "$(awk -v a="$median" -v b="$limit_ms" 'BEGIN { printf "%.2f", a / b }')" \
  "$(awk -v a="$median" -v b="$limit_ms" 'BEGIN { print (a <= b) ? "PASS" : "MISS" }')"
