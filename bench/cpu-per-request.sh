#!/usr/bin/env bash
# CPU time of the server process per request on the hot leaderboard (issue 16, item 5), two builds alternating in one
# run so that the machine's load touches both alike. Each server (bench/ServeHub.java, its own JVM) serves the hub in
# DATA; wrk warms it for WARM seconds (the JIT takes about 30 s to settle), then MEASURES runs of SECONDS each read the
# process's utime+stime from /proc/PID/stat before and after and divide by wrk's request count.
#   bench/cpu-per-request.sh DATA OLD_JAR NEW_JAR [ROUNDS WARM SECONDS MEASURES PATH]
# Defaults: 2 rounds, 30 s warm-up, 3 runs of 5 s, PATH /api/datasets/gen/bench0/leaderboard?task_id=t1&limit=100.
# DATA: a hub ServingLimits generated (JAVA_OPTS=-Ddata=DIR bench/serving-limits.sh ...). JAVA_OPTS go to the servers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$1"; old="$2"; new="$3"; rounds="${4:-2}"; warm="${5:-30}"; seconds="${6:-5}"; measures="${7:-3}"
path="${8:-/api/datasets/gen/bench0/leaderboard?task_id=t1&limit=100}"
read -r -a java_opts <<< "${JAVA_OPTS:-}"
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
load() { uptime | sed 's/.*load average: //'; }
for round in $(seq 1 "$rounds"); do
  for build in old new; do
    jar="$old"; [ "$build" = new ] && jar="$new"
    log="$(mktemp)"
    java -Xmx1g "${java_opts[@]}" -cp "$jar" "$root/bench/ServeHub.java" "$data" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do grep -q '^port ' "$log" && break; sleep 0.1; done
    port=$(sed -n 's/^port //p' "$log")
    url="http://127.0.0.1:$port$path"
    wrk -t2 -c32 -d"${warm}s" "$url" >/dev/null
    line="round $round $build:"
    for _ in $(seq 1 "$measures"); do
      before=$(cpu "$pid")
      requests=$(wrk -t2 -c32 -d"${seconds}s" "$url" | awk '/requests in/ {print $1}')
      after=$(cpu "$pid")
      line="$line $(awk -v t="$((after - before))" -v r="$requests" -v hz="$tick" \
        'BEGIN {printf "%.1f µs (%d req)", t / hz * 1e6 / r, r}')"
    done
    echo "$line, load average $(load)"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -f "$log"
  done
done
