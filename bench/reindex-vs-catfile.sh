#!/usr/bin/env bash
# Reindex speed against its limit, measured in one run (issue 16, item 5):
#   - the limit: `git cat-file --batch-all-objects --batch` run once per repository over the same hub (every object
#     read and printed, nothing parsed), as results/s;
#   - `evalhub reindex` on embedded H2 (a fresh index folder) and on PostgreSQL (a fresh database), as results/s,
#     process wall time, CPU time and maximum RSS (GNU time), in a JVM with a fixed heap.
# Prints PASS/MISS against: reindex >= 3x the cat-file loop, >= 20,000 results/s for 200,000 results, RSS <= 512 MiB
# for 1,000,000 results.
#   bench/reindex-vs-catfile.sh [RESULTS...]        (default: 200000 1000000)
# Environment: HUBS (where generated hubs are kept and reused; default /tmp/evalhub-bench-hubs), PER_MODEL (results
# per model repository, default 20), BENCHMARKS (default 50), HEAP (reindex JVM heap, default 256m), PG_HOST, PG_PORT,
# PG_USER (PostgreSQL, default 127.0.0.1, 5432, postgres: trust auth; SKIP_PG=1 to leave it out).
# Needs a build: mvn -B -q -pl cli,benchmarks -am -DskipTests package
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${CLI_JAR:-$root/cli/target/evalhub.jar}"; bench="$root/benchmarks/target/benchmarks.jar"
[ -f "$cli" ] && [ -f "$bench" ] || { echo "build first: mvn -B -q -pl cli,benchmarks -am -DskipTests package" >&2; exit 2; }
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(200000 1000000)
hubs="${HUBS:-/tmp/evalhub-bench-hubs}"; per_model="${PER_MODEL:-20}"; benchmarks="${BENCHMARKS:-50}"
heap="${HEAP:-256m}"
pg_host="${PG_HOST:-127.0.0.1}"; pg_port="${PG_PORT:-5432}"; pg_user="${PG_USER:-postgres}"
psql_() { PGOPTIONS=--client-min-messages=warning psql -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres "$@" >/dev/null; }
mkdir -p "$hubs"
load() { uptime | sed 's/.*load average: //; s/,.*//'; }
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? "PASS" : "MISS" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }

# Runs `evalhub reindex` with the given flags; sets rate (results/s the command reports), took (its seconds),
# wall (the process's seconds), cpu (user+sys seconds) and rss (max RSS in MiB).
reindex() { # DATA [--db URL]
  local log; log="$(mktemp)"
  /usr/bin/time -f "%e %U %S %M" -o "$log.time" java "-Xmx$heap" -jar "$cli" reindex --data "$@" >"$log" 2>"$log.err" \
    || { echo "reindex failed:"; tail -5 "$log.err"; return 1; }
  rate=$(sed -n 's/.*in \([0-9.]*\) s (\([0-9]*\) results\/s).*/\2/p' "$log")
  took=$(sed -n 's/.*in \([0-9.]*\) s (\([0-9]*\) results\/s).*/\1/p' "$log")
  read -r wall user sys kb <"$log.time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
  rss=$(( kb / 1024 ))
  sed 's/^/  /' "$log"
  rm -f "$log" "$log.time" "$log.err"
}

for n in "${sizes[@]}"; do
  models=$(( n / per_model )); data="$hubs/hub-$models-$per_model-$benchmarks"
  echo "== $n results: $models models x $per_model results over $benchmarks benchmarks in $data (load average $(load))"
  if [ ! -d "$data/repos" ]; then
    java -cp "$bench" dev.evalhub.benchmarks.HubGenerator "$data" "$models" "$per_model" "$benchmarks"
  else
    echo "  reusing the hub generated before"
  fi
  repos=$(find "$data/repos" -mindepth 3 -maxdepth 3 -name '*.git' | wc -l)

  start=$(date +%s.%N)
  find "$data/repos" -mindepth 3 -maxdepth 3 -name '*.git' -print0 | sort -z | while IFS= read -r -d '' d; do
    git --git-dir="$d" cat-file --batch-all-objects --batch >/dev/null
  done
  catfile_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  catfile=$(awk -v n="$n" -v s="$catfile_s" 'BEGIN { printf "%.0f", n / s }')
  echo "  cat-file loop over $repos repositories: $catfile_s s = $catfile results/s (load average $(load))"

  rm -rf "$data/index"
  reindex "$data"
  h2_rate=$rate; h2_wall=$wall; h2_rss=$rss
  h2_proc=$(awk -v n="$n" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')
  echo "  H2: $rate results/s in the reindex ($took s), $h2_proc results/s over the process's $wall s, CPU $cpu s, max RSS $rss MiB (load average $(load))"

  if [ -z "${SKIP_PG:-}" ]; then
    db="evalhub_bench_$$_$n"
    psql_ -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    reindex "$data" --db "jdbc:postgresql://$pg_host:$pg_port/$db?user=$pg_user" || rate=0
    pg_rate=${rate:-0}; pg_wall=$wall; pg_rss=$rss
    pg_proc=$(awk -v n="$n" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')
    echo "  PostgreSQL: $pg_rate results/s in the reindex ($took s), $pg_proc results/s over the process's $wall s, CPU $cpu s, max RSS $rss MiB (load average $(load))"
    psql_ -c "DROP DATABASE IF EXISTS $db"
  fi

  echo "  -- $n results: limits and ratios"
  printf '  %-48s %10s %10s %7s %s\n' measure value limit ratio verdict
  row() { printf '  %-48s %10s %10s %7s %s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$(verdict "$2" "$3")"; }
  row "H2 reindex / cat-file loop (times, at least 3)" "$(ratio "$h2_rate" "$catfile")" 3
  row "H2 whole process / cat-file loop (times)" "$(ratio "$h2_proc" "$catfile")" 3
  [ "$n" -eq 200000 ] && row "H2 reindex results/s vs 20,000" "$h2_rate" 20000
  if [ -z "${SKIP_PG:-}" ]; then
    row "PostgreSQL reindex / cat-file loop (times, >= 3)" "$(ratio "$pg_rate" "$catfile")" 3
    row "PostgreSQL whole process / cat-file loop (times)" "$(ratio "$pg_proc" "$catfile")" 3
    [ "$n" -eq 200000 ] && row "PostgreSQL reindex results/s vs 20,000" "$pg_rate" 20000
  fi
  if [ "$n" -ge 1000000 ]; then
    printf '  %-48s %10s %10s %7s %s\n' "H2 max RSS MiB (at most 512)" "$h2_rss" 512 "$(ratio "$h2_rss" 512)" \
      "$(awk -v a="$h2_rss" 'BEGIN { print (a <= 512) ? "PASS" : "MISS" }')"
    [ -z "${SKIP_PG:-}" ] && printf '  %-48s %10s %10s %7s %s\n' "PostgreSQL max RSS MiB (at most 512)" "$pg_rss" 512 \
      "$(ratio "$pg_rss" 512)" "$(awk -v a="$pg_rss" 'BEGIN { print (a <= 512) ? "PASS" : "MISS" }')"
  fi
done
