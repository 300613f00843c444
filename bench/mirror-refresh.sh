#!/usr/bin/env bash
# Measures a mirror's git refresh against its limit, C git fetching the same history from the same source hub:
#   - the first copy of a model of COMMITS commits (`evalhub mirror add`) vs `git clone --bare` of it,
#   - a refresh bringing MORE new commits (`evalhub mirror refresh ID`) vs `git fetch` of them,
#   - an up-to-date refresh vs an up-to-date `git fetch`,
# each the median of RUNS runs; and, as the part of each evalhub figure that is not the mirror's, the start of the
# command line (`evalhub mirror list` on the same data folder). Everything listens on 127.0.0.1 and stops at the end.
# Usage: bench/mirror-refresh.sh   (env: COMMITS=1000 MORE=50 RUNS=3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMITS="${COMMITS:-1000}"
MORE="${MORE:-50}"
RUNS="${RUNS:-3}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 LC_ALL=C
mkdir -p "$HOME"
git config --global user.name bench
git config --global user.email bench@example.invalid
git config --global init.defaultBranch main

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wait_for() { for _ in $(seq 1 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 1; }
timed() { local t0; t0="$(now_ms)"; "$@" >/dev/null 2>&1; echo $(( $(now_ms) - t0 )); }

# Appends $2 commits to the bare repository $1's main, each changing the results file and a note.
commits() {
  local bare="$1" count="$2" start="$3"
  {
    for i in $(seq "$start" $((start + count - 1))); do
      printf 'commit refs/heads/main\ncommitter bench <bench@example.invalid> %d +0000\n' "$((1700000000 + i))"
      printf 'data <<EOM\ncommit %d\nEOM\n' "$i"
      [ "$i" -eq "$start" ] && printf 'from refs/heads/main^0\n'
      printf 'M 100644 inline .eval_results/hle.yaml\ndata <<EOM\n- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 0.%d\nEOM\n' "$i"
      printf 'M 100644 inline notes/note-%d.txt\ndata <<EOM\nnote %d %s\nEOM\n' "$((i % 50))" "$i" "$(head -c 300 /dev/zero | tr '\0' x)"
    done
  } | git --git-dir="$bare" fast-import --quiet
}

echo "== building evalhub and a source hub with a model of $COMMITS commits" >&2
"$root/evalhub" --version >/dev/null
source_data="$work/source"
"$root/evalhub" user create bench --data "$source_data" >/dev/null
"$root/evalhub" repo create bench/big --data "$source_data" >/dev/null
bare="$source_data/repos/models/bench/big.git"
commits "$bare" "$COMMITS" 1
port="$(free_port)"
"$root/evalhub" serve --data "$source_data" --host 127.0.0.1 --port "$port" --mirrors=off >"$work/serve.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port/health"
url="http://127.0.0.1:$port"

copy_ms=(); clone_ms=(); start_ms=(); more_ms=(); fetch_ms=(); same_ms=(); same_fetch_ms=()
next=$((COMMITS + 1))
for run in $(seq 1 "$RUNS"); do
  mirror="$work/mirror-$run"
  start_ms+=("$(timed "$root/evalhub" mirror list --data "$mirror")")
  t0="$(now_ms)"
  out="$("$root/evalhub" mirror add "$url" --model bench/big --data "$mirror")"
  copy_ms+=($(( $(now_ms) - t0 )))
  id="$(echo "$out" | head -1 | sed 's/added mirror //')"
  clone_ms+=("$(timed git clone -q --bare --single-branch "$url/bench/big" "$work/clone-$run.git")")
  commits "$bare" "$MORE" "$next"
  next=$((next + MORE))
  more_ms+=("$(timed "$root/evalhub" mirror refresh "$id" --data "$mirror")")
  fetch_ms+=("$(timed git --git-dir="$work/clone-$run.git" fetch -q origin main:main)")
  same_ms+=("$(timed "$root/evalhub" mirror refresh "$id" --data "$mirror")")
  same_fetch_ms+=("$(timed git --git-dir="$work/clone-$run.git" fetch -q origin main:main)")
  test "$(git --git-dir="$mirror/repos/models/bench/big.git" rev-parse main)" = "$(git --git-dir="$bare" rev-parse main)"
done

m() { printf '%s\n' "$@" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
start="$(m "${start_ms[@]}")"
printf '%-44s %8s %8s %8s\n' "median of $RUNS runs (ms)" evalhub "C git" ratio
for row in "first copy, $COMMITS commits|$(m "${copy_ms[@]}")|$(m "${clone_ms[@]}")" \
           "refresh bringing $MORE commits|$(m "${more_ms[@]}")|$(m "${fetch_ms[@]}")" \
           "refresh, up to date|$(m "${same_ms[@]}")|$(m "${same_fetch_ms[@]}")"; do
  IFS='|' read -r name ours limit <<<"$row"
  printf '%-44s %8s %8s %8s\n' "$name" "$ours" "$limit" "$(ratio "$ours" "$limit")"
  printf '%-44s %8s %8s %8s\n' "  without the command line's start ($start)" "$((ours - start))" "$limit" "$(ratio "$((ours - start))" "$limit")"
done
