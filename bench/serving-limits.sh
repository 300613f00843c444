#!/usr/bin/env bash
# The leaderboard API at the machine's limits (issue 16, item 5), each figure next to its limit measured in the same run:
#   - one hot leaderboard, wrk's requests/s on evalhub, on Debian's nginx serving the exact same bytes (its own
#     configuration in a temporary folder: gzip_static, sendfile, no access log) and on a bare Javalin route serving them
#     from a constant array (Jetty's own per-request cost), alternating, for three variants (limit=100; full rows gzipped;
#     full rows);
#   - random leaderboards of the generated hub at a fixed rate, open loop (latency from each request's due time), on
#     evalhub and on nginx serving the same files;
#   - push to visible (PushToVisible), next to the same git pushing the same commits to a bare repository on disk.
#   bench/serving-limits.sh [MODELS RESULTS BENCHMARKS RATE SECONDS WRK_SECONDS CONNECTIONS ROUNDS] [-- PUSHES]
# Defaults: 10000 20 50 1000 30 10 32 2, and 100 pushes. Needs benchmarks/target/benchmarks.jar
# (mvn -B -pl benchmarks -am -DskipTests package), /usr/sbin/nginx, and wrk (installed here when absent).
# JAR=CLASSPATH overrides the jar (e.g. an older build's, to measure before a change); JAVA_OPTS=-Ddata=DIR keeps the
# generated hub in DIR and serves it again on the next run (generating and indexing 10,000 models takes minutes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${JAR:-$root/benchmarks/target/benchmarks.jar}"
args=(); pushes=100
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; pushes="${1:-100}"; break; fi
  args+=("$1"); shift
done
[ ${#args[@]} -eq 0 ] && args=(10000 20 50 1000 30 10 32 2)
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
[ -x /usr/sbin/nginx ] || { echo "needs Debian's nginx at /usr/sbin/nginx" >&2; exit 2; }
echo "== $(date -u +%FT%TZ), load average $(uptime | sed 's/.*load average: //'), $(nproc) cores, jar $jar"
read -r -a java_opts <<< "${JAVA_OPTS:-}"
java -Xmx2g "${java_opts[@]}" -cp "$jar" dev.evalhub.benchmarks.ServingLimits "${args[@]}" 2>/tmp/serving-limits.err
echo
echo "== push to visible, $pushes pushes (H2), load average $(uptime | sed 's/.*load average: //')"
java -cp "$jar" dev.evalhub.benchmarks.PushToVisible "$pushes" 2>/tmp/push-to-visible.err
