#!/usr/bin/env bash
# Measures when PostgreSQL releases the advisory lock of a session whose client went silent (packets dropped, nothing
# closed), with evalhub's session settings (Cluster / ConnectionPool.DEAD_PEER_SETTINGS) and without them:
#   idle-keepalive                 keepalives 2 s idle, 3 probes 1 s apart; the session idle at the cut
#   idle-keepalive-usertimeout     the same and tcp_user_timeout 5000 (what evalhub sets)
#   unacked-keepalive              keepalives only; a reply leaves the server just after the cut
#   unacked-keepalive-usertimeout  the same and tcp_user_timeout 5000 (what evalhub sets)
#   idle-defaults                  the server's defaults (what the index pool's sessions had before)
# A loopback proxy cannot do this (its kernel answers the server's keepalives), so this runs a private PostgreSQL in
# a private network namespace and drops the lock holder's outgoing packets (its ACKs too) with tc on that namespace's
# loopback; the server's own packets leave and go unanswered, as when the client's host is gone. Nothing touches the
# host's network. Needs root (unshare -n, tc), PostgreSQL's server binaries and a `postgres` system user.
# Usage: sudo bench/partition-server-side.sh   (env: PGBIN=/usr/lib/postgresql/15/bin WAIT=20 seconds per scenario)
set -uo pipefail
if [ "${1:-}" != inside ]; then
  exec unshare -n "$0" inside
fi
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
WAIT="${WAIT:-20}"
work="$(mktemp -d /tmp/partition-server-side.XXXXXX)"
chmod 777 "$work"
ip link set lo up
runuser -u postgres -- "$PGBIN/initdb" -D "$work/data" -A trust >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -s -D "$work/data" -l "$work/pg.log" \
  -o "-p 5544 -k $work -c listen_addresses=127.0.0.1" start
trap 'runuser -u postgres -- "$PGBIN/pg_ctl" -s -D "$work/data" stop -m immediate; rm -rf "$work"' EXIT
sleep 1
P="psql -h 127.0.0.1 -p 5544 -U postgres -d postgres -At"
# The holder's packets go to a class whose queue holds nothing: dropped. (A drop of the server's own packets at its
# own qdisc would count as local congestion, and its keepalive would retry forever.)
tc qdisc add dev lo root handle 1: htb default 10 2>/dev/null
tc class add dev lo parent 1: classid 1:10 htb rate 10gbit 2>/dev/null
tc class add dev lo parent 1: classid 1:20 htb rate 10gbit 2>/dev/null
tc qdisc add dev lo parent 1:20 handle 20: pfifo limit 0

scenario() { # $1 name, $2 session settings, $3 statement sent just before the cut
  mkfifo "$work/in"
  ($P <"$work/in" >"$work/out" 2>&1) &
  exec 3>"$work/in"
  echo "$2 SELECT pg_advisory_lock(42); SELECT 'locked';" >&3
  for _ in $(seq 50); do grep -q locked "$work/out" && break; sleep 0.1; done
  port=$($P -c "SELECT client_port FROM pg_locks JOIN pg_stat_activity USING (pid) WHERE locktype = 'advisory'")
  echo "$3" >&3
  sleep 0.2
  tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip sport "$port" 0xffff classid 1:20
  start=$(date +%s.%N)
  got=f
  while [ "$got" != t ] && [ "$(echo "$(date +%s.%N) - $start < $WAIT" | bc)" = 1 ]; do
    got=$($P -c "SELECT pg_try_advisory_lock(42)")
    [ "$got" = t ] || sleep 0.1
  done
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  if [ "$got" = t ]; then echo "$1: released ${elapsed} s after the cut"; else echo "$1: still held ${elapsed} s after the cut"; fi
  tc filter del dev lo parent 1: prio 1
  exec 3>&-
  wait
  $P -c "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'" >/dev/null
  rm -f "$work/in"
}
KA="SET tcp_keepalives_idle = 2; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3;"
UT="SET tcp_user_timeout = 5000;"
BUSY="SELECT pg_sleep(0.5), repeat('x', 100000);"
scenario idle-keepalive "$KA" ""
scenario idle-keepalive-usertimeout "$KA $UT" ""
scenario unacked-keepalive "$KA" "$BUSY"
scenario unacked-keepalive-usertimeout "$KA $UT" "$BUSY"
scenario idle-defaults "" ""
