#!/usr/bin/env bash
# Import throughput of a large lm-eval samples file against sha256sum of the same file (issue 12): builds the
# benchmarks jar when missing, then runs dev.evalhub.benchmarks.ImportThroughput in a 256 MB heap.
# Usage: bench/import-throughput.sh [MB (default 1024)] [ROUNDS (default 3)]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f benchmarks/target/benchmarks.jar ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
exec java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.evalhub.benchmarks.ImportThroughput "$@"
