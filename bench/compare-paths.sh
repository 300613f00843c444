#!/usr/bin/env bash
# Compares the hot paths (server-side commit, push to visible, leaderboard read) of two builds of evalhub in one
# run: ROUNDS times, each build in turn serves a fresh data folder and bench/paths.py measures it.
#   bench/compare-paths.sh OLD_DIR NEW_DIR [ROUNDS] [COMMITS PUSHES READS]
# A DIR holds evalhub.jar and its lib/ (copy cli/target/evalhub.jar and cli/target/lib/ of each build).
set -euo pipefail
old="$1"; new="$2"; rounds="${3:-3}"; shift $(( $# < 3 ? $# : 3 ))
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
port=18181
for round in $(seq 1 "$rounds"); do
  for build in old new; do
    dir="$old"; [ "$build" = new ] && dir="$new"
    data="$work/$build-$round"
    java -jar "$dir/evalhub.jar" user create bench --data "$data" >/dev/null
    token="$(java -jar "$dir/evalhub.jar" token create bench --role write --name bench --data "$data" 2>/dev/null)"
    EVALHUB_DRAIN_SECONDS=0 java -jar "$dir/evalhub.jar" serve --data "$data" --port "$port" >"$work/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do grep -q 'listening' "$work/serve.log" && break; sleep 0.2; done
    echo "== round $round, $build ($dir)"
    python3 "$here/paths.py" "http://127.0.0.1:$port" "$token" bench "$@" | tee "$work/$build-$round.txt"
    kill "$pid"; wait "$pid" || true
  done
done
echo "== p50 (ms) per round, old then new (each pair ran back to back), and the median of the paired ratios new/old"
for path in commit push leaderboard; do
  ratios=()
  line="$path:"
  for round in $(seq 1 "$rounds"); do
    o=$(awk -v p="$path" '$1==p {print $4}' "$work/old-$round.txt")
    n=$(awk -v p="$path" '$1==p {print $4}' "$work/new-$round.txt")
    line="$line  $o/$n"
    ratios+=("$(awk -v o="$o" -v n="$n" 'BEGIN {printf "%.3f", n/o}')")
  done
  median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$line  ratio $median"
done
