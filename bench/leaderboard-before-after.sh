#!/usr/bin/env bash
# Compares the leaderboard benchmarks of two builds in one run, alternating them (old, new, old, new, ...) so that the
# machine's load affects both alike:
#   - GeneratedHub (reindex results/s, cold leaderboard computation, leaderboard API latency and answers/s at a rate),
#   - the JMH LeaderboardPage benchmark (server time of a 1,000-row benchmark page).
#   bench/leaderboard-before-after.sh OLD_DIR NEW_DIR [ROUNDS] [MODELS RESULTS BENCHMARKS RATE SECONDS]
# A DIR holds a build's benchmarks/target/benchmarks.jar. Defaults: 2 rounds of 10000 20 50 200 30.
# Environment: JAVA_OPTS (e.g. -Dlimit=100 -Dconnections=64), JMH_ARGS (default -wi 3 -i 5 -f 1 -t 1),
# SKIP_JMH=1 to leave the page benchmark out. Logs stay in $OUT (default: a new temporary folder).
set -euo pipefail
old="$1"; new="$2"; rounds="${3:-2}"
shift $(( $# < 3 ? $# : 3 ))
args=("$@"); [ ${#args[@]} -eq 0 ] && args=(10000 20 50 200 30)
out="${OUT:-$(mktemp -d)}"; mkdir -p "$out"
read -r -a java_opts <<< "${JAVA_OPTS:-}"
read -r -a jmh_args <<< "${JMH_ARGS:--wi 3 -i 5 -f 1 -t 1}"
load() { uptime | sed 's/.*load average: //; s/,.*//'; }

for round in $(seq 1 "$rounds"); do
  for build in old new; do
    dir="$old"; [ "$build" = new ] && dir="$new"
    log="$out/hub-$build-$round.txt"
    echo "== round $round, $build ($dir), GeneratedHub ${args[*]}, load average $(load)"
    java "${java_opts[@]}" -cp "$dir/benchmarks.jar" dev.evalhub.benchmarks.GeneratedHub "${args[@]}" \
      2>"$out/hub-$build-$round.err" | tee "$log" || echo "GeneratedHub failed: see $out/hub-$build-$round.err"
    echo "load average after: $(load)" | tee -a "$log"
  done
done
if [ -z "${SKIP_JMH:-}" ]; then
  for build in old new; do
    dir="$old"; [ "$build" = new ] && dir="$new"
    echo "== $build ($dir), JMH LeaderboardPage ${jmh_args[*]}, load average $(load)"
    java -jar "$dir/benchmarks.jar" LeaderboardPage "${jmh_args[@]}" >"$out/jmh-$build.txt" 2>&1
    grep -E '^Benchmark|^LeaderboardPage' "$out/jmh-$build.txt"
  done
  # The same pages in thread CPU time, which other processes' load hardly moves: three rounds, alternating.
  for round in 1 2 3; do
    for build in old new; do
      dir="$old"; [ "$build" = new ] && dir="$new"
      echo "== round $round, $build ($dir), page CPU time, load average $(load)"
      java -cp "$dir/benchmarks.jar" "$(dirname "${BASH_SOURCE[0]}")/PageCpu.java" 2>/dev/null | tee "$out/cpu-$build-$round.txt"
    done
  done
fi

# One number of one log: the field after NAME= (or before " results/s") on the line that starts with PREFIX.
value() { # FILE PREFIX KEY
  awk -v p="$2" -v k="$3" 'index($0, p) == 1 {
      if (k == "results/s") { for (i = 1; i <= NF; i++) if ($i == "results/s") print $(i - 1) }
      else if (k == "answers/s") { for (i = 1; i <= NF; i++) if ($i == "answers/s") print $(i - 1) }
      else { for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) { sub(k "=", "", $i); print $i } } }' "$1"
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "== medians over $rounds rounds (logs in $out); ratio = new/old"
printf '%-34s %12s %12s %7s\n' metric old new ratio
row() { # LABEL PREFIX KEY
  o=$(for r in $(seq 1 "$rounds"); do value "$out/hub-old-$r.txt" "$2" "$3"; done | median)
  n=$(for r in $(seq 1 "$rounds"); do value "$out/hub-new-$r.txt" "$2" "$3"; done | median)
  printf '%-34s %12s %12s %7s\n' "$1" "$o" "$n" "$(awk -v o="$o" -v n="$n" 'BEGIN {if (o + 0 > 0 && n != "") printf "%.2f", n/o}')"
}
row "reindex results/s" "reindex:" "results/s"
row "cold leaderboard p50 ms" "cold leaderboards" "p50"
row "cold leaderboard max ms" "cold leaderboards" "max"
row "leaderboard API p50 ms" "leaderboard API" "p50"
row "leaderboard API p90 ms" "leaderboard API" "p90"
row "leaderboard API p99 ms" "leaderboard API" "p99"
row "leaderboard API answers/s" "leaderboard API" "answers/s"
if [ -z "${SKIP_JMH:-}" ]; then
  for bench in renderRankedPage renderPageSortedByModel renderChartUncached; do
    # the score: the field before "± ERROR ms/op", or before "ms/op" when JMH printed no error
    score='$1 ~ b"$" {for (i = 1; i <= NF; i++) if ($i == "ms/op") print ($(i - 2) == "±" ? $(i - 3) : $(i - 1))}'
    o=$(awk -v b="$bench" "$score" "$out/jmh-old.txt")
    n=$(awk -v b="$bench" "$score" "$out/jmh-new.txt")
    printf '%-34s %12s %12s %7s\n' "page $bench ms" "$o" "$n" "$(awk -v o="$o" -v n="$n" 'BEGIN {if (o + 0 > 0 && n != "") printf "%.2f", n/o}')"
  done
  for page in ranked byModel; do
    o=$(for r in 1 2 3; do awk -v p="$page:" '$1 == p {print $2}' "$out/cpu-old-$r.txt"; done | median)
    n=$(for r in 1 2 3; do awk -v p="$page:" '$1 == p {print $2}' "$out/cpu-new-$r.txt"; done | median)
    printf '%-34s %12s %12s %7s\n' "page $page CPU ms" "$o" "$n" "$(awk -v o="$o" -v n="$n" 'BEGIN {if (o + 0 > 0 && n != "") printf "%.2f", n/o}')"
  done
fi
