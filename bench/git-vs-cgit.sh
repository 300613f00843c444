#!/usr/bin/env bash
# Compares evalhub's git over HTTP (JGit) with C git on the same bare repository of 1,000 commits:
#   - clone time (median of CLONES runs, after one warm-up clone each),
#   - a small push's latency (median of PUSHES pushes of one new small file each),
# for evalhub, for C git's `git http-backend` behind a small CGI server (bench/cgi_git_server.py), and for
# `git daemon` (git://). Everything listens on 127.0.0.1 only and stops at the end.
# Usage: bench/git-vs-cgit.sh   (env: CLONES=7 PUSHES=15 COMMITS=1000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLONES="${CLONES:-7}"
PUSHES="${PUSHES:-15}"
COMMITS="${COMMITS:-1000}"
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

echo "== building evalhub and a repository of $COMMITS commits" >&2
"$root/evalhub" --version >/dev/null
data="$work/data"
"$root/evalhub" user create bench --data "$data" >/dev/null
token="$("$root/evalhub" token create bench --data "$data" 2>/dev/null)"
"$root/evalhub" repo create bench/big --data "$data" >/dev/null
bare="$data/repos/models/bench/big.git"

# 1,000 commits, each changing a small results file and adding a line to a log, built with fast-import.
src="$work/src"
git clone -q "$bare" "$src"
{
  for i in $(seq 1 "$COMMITS"); do
    printf 'commit refs/heads/main\ncommitter bench <bench@example.invalid> %d +0000\n' "$((1700000000 + i))"
    printf 'data <<EOM\ncommit %d\nEOM\n' "$i"
    [ "$i" -eq 1 ] && printf 'from refs/heads/main^0\n'
    result="- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 0.$i\n"
    printf 'M 100644 inline .eval_results/hle.yaml\ndata <<EOM\n%bEOM\n' "$result"
    printf 'M 100644 inline notes/note-%d.txt\ndata <<EOM\nnote %d %s\nEOM\n' "$((i % 50))" "$i" "$(head -c 300 /dev/zero | tr '\0' x)"
  done
} | git -C "$src" fast-import --quiet
git -C "$src" reset -q --hard main

port_hub="$(free_port)"
"$root/evalhub" serve --data "$data" --host 127.0.0.1 --port "$port_hub" >"$work/serve.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port_hub/health"
git -C "$src" push -q "http://x:$token@127.0.0.1:$port_hub/bench/big" main 2>/dev/null

# C git serves a copy of the very same bare repository (after evalhub accepted the push).
cgit_root="$work/cgit"
mkdir -p "$cgit_root/bench"
cp -r "$bare" "$cgit_root/bench/big.git"
git -C "$cgit_root/bench/big.git" config http.receivepack true
port_cgi="$(free_port)"
python3 "$root/bench/cgi_git_server.py" "$port_cgi" "$cgit_root" &
pids+=($!)
wait_for "http://127.0.0.1:$port_cgi/bench/big.git/info/refs?service=git-upload-pack"
daemon_root="$work/daemon"
mkdir -p "$daemon_root/bench"
cp -r "$bare" "$daemon_root/bench/big.git"
port_daemon="$(free_port)"
git daemon --reuseaddr --listen=127.0.0.1 --port="$port_daemon" --base-path="$daemon_root" --export-all \
  --enable=receive-pack "$daemon_root" &
pids+=($!)
sleep 1

hub_url="http://x:$token@127.0.0.1:$port_hub/bench/big"
cgi_url="http://127.0.0.1:$port_cgi/bench/big.git"
daemon_url="git://127.0.0.1:$port_daemon/bench/big.git"

clone_ms() { # URL -> median clone time in ms
  local url="$1" t0 times=()
  git clone -q "$url" "$work/warm" && rm -rf "$work/warm"
  for run in $(seq 1 "$CLONES"); do
    t0=$(now_ms); git clone -q "$url" "$work/c$run"; times+=($(( $(now_ms) - t0 ))); rm -rf "$work/c$run"
  done
  printf '%s\n' "${times[@]}" | median
}

push_ms() { # URL NAME -> median small-push latency in ms
  local url="$1" dir="$work/push-$2" t0 times=()
  git clone -q "$url" "$dir"
  for run in $(seq 0 "$PUSHES"); do
    echo "push $run" > "$dir/push-$run.txt"
    git -C "$dir" add . && git -C "$dir" commit -qm "push $run"
    t0=$(now_ms); git -C "$dir" push -q origin main 2>/dev/null; elapsed=$(( $(now_ms) - t0 ))
    [ "$run" -gt 0 ] && times+=("$elapsed")  # push 0 warms up
  done
  printf '%s\n' "${times[@]}" | median
}

echo "== measuring (clones: $CLONES, pushes: $PUSHES)" >&2
hub_clone=$(clone_ms "$hub_url"); cgi_clone=$(clone_ms "$cgi_url"); daemon_clone=$(clone_ms "$daemon_url")
hub_push=$(push_ms "$hub_url" hub); cgi_push=$(push_ms "$cgi_url" cgi); daemon_push=$(push_ms "$daemon_url" daemon)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "repository: $COMMITS commits, $(du -sk "$bare" | cut -f1) KiB on disk"
printf '%-34s %10s %14s\n' "server" "clone ms" "small push ms"
printf '%-34s %10s %14s\n' "evalhub (JGit, smart HTTP)" "$hub_clone" "$hub_push"
printf '%-34s %10s %14s\n' "C git http-backend (CGI shim)" "$cgi_clone" "$cgi_push"
printf '%-34s %10s %14s\n' "C git daemon (git://)" "$daemon_clone" "$daemon_push"
echo "ratio evalhub / http-backend: clone $(ratio "$hub_clone" "$cgi_clone"), push $(ratio "$hub_push" "$cgi_push")"
echo "ratio evalhub / git daemon:   clone $(ratio "$hub_clone" "$daemon_clone"), push $(ratio "$hub_push" "$daemon_push")"
