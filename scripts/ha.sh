#!/usr/bin/env bash
# A replicated pair on 127.0.0.1: etcd (one member), two PostgreSQL nodes managed by Patroni (synchronous_mode,
# pg_rewind) and two engines (`socialloss serve --db <its node> --patroni <its node's REST API>`), everything
# under one folder ($SOCIALLOSS_HA_DIR, default $TMPDIR/socialloss-ha). Needs root (apt-get, setpriv).
#
#   scripts/ha.sh up        install what is missing (Debian packages), start everything, print the engines' URLs
#   scripts/ha.sh status    each process, Patroni's view of the cluster, each engine's /health
#   scripts/ha.sh down      stop everything `up` started and delete the folder
#   scripts/ha.sh test      down, up, then the failover test (socialloss failover-test): last line one JSON object,
#                           exit 0 only when no acknowledged command was lost or applied twice, the hashes agree,
#                           the killed node rejoined, the paused standby caught up and, after a switchover, the
#                           demoted primary fenced itself
#   scripts/ha.sh kill N    kill -9 node N's Patroni, postmaster and engine (used by the test)
#   scripts/ha.sh start N   start node N's Patroni and engine again (it rejoins as a standby through pg_rewind)
#   scripts/ha.sh pause N / resume N   pause / resume WAL replay on node N (a standby that stops applying)
#   scripts/ha.sh switchover N        Patroni moves the leader from node N to the other (N's database is demoted)
#   scripts/ha.sh restart-engine URL  restart one engine (a fenced old primary rejoins as a standby)
#   scripts/ha.sh leader    the node number whose database is the Patroni leader
#
# Ports (16000–16999): etcd 16379/16380; node N: PostgreSQL 1643N, Patroni REST 1600N, engine 1610N.
# Every wait is bounded; a step that does not finish in time fails the script with the log to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
dir=${SOCIALLOSS_HA_DIR:-${TMPDIR:-/tmp}/socialloss-ha}
nodes=(1 2)
superpass=ha-super
replpass=ha-repl
rewindpass=ha-rewind
apppass=ha-app
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "ha.sh: $*" >&2; }
die() { say "$*"; exit 1; }
pg_port() { echo $((16430 + $1)); }
rest_port() { echo $((16000 + $1)); }
engine_port() { echo $((16100 + $1)); }
engine_url() { echo "http://127.0.0.1:$(engine_port "$1")"; }
app_db() { echo "Host=127.0.0.1;Port=$(pg_port "$1");Database=socialloss;Username=socialloss;Password=$apppass;Timeout=3"; }
pid_of() { cat "$dir/pids/$1" 2>/dev/null || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 0.2 s until it succeeds; fails after SECONDS
wait_for() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then say "timed out after ${seconds}s waiting for $what"; return 1; fi
    sleep 0.2
  done
}

install_packages() {
  local missing=()
  command -v patroni >/dev/null 2>&1 || missing+=(patroni)
  command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
  command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

cli_dll() { echo "$repo/src/SocialLoss.Cli/bin/Release/net10.0/socialloss.dll"; }
build_cli() {
  say "building the socialloss CLI (Release)"
  dotnet build "$repo/src/SocialLoss.Cli" -c Release -v quiet -nologo >"$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; die "build failed"; }
}
socialloss() { dotnet "$(cli_dll)" "$@"; }

# start_detached NAME LOG COMMAND...: a new session (its own process group), descriptors closed, pid recorded
start_detached() {
  local name=$1 log=$2; shift 2
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$dir/pids/$name"
  disown # a later kill -9 is the test's doing, not news for this shell
}

write_patroni_config() {
  local n=$1 bin
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)")
  mkdir -p "$dir/node$n"
  cat >"$dir/node$n/patroni.yml" <<YAML
scope: socialloss
name: node$n
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:$(rest_port "$n")
  connect_address: 127.0.0.1:$(rest_port "$n")
etcd3:
  hosts: 127.0.0.1:16379
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 8
        max_replication_slots: 8
        wal_keep_size: 256MB
        max_standby_streaming_delay: -1
        hot_standby_feedback: "on"
  initdb:
    - encoding: UTF8
    - data-checksums
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 md5
    - host all all 127.0.0.1/32 md5
postgresql:
  listen: 127.0.0.1:$(pg_port "$n")
  connect_address: 127.0.0.1:$(pg_port "$n")
  data_dir: $dir/node$n/data
  bin_dir: $bin
  pgpass: $dir/node$n/pgpass
  authentication:
    superuser: {username: postgres, password: $superpass}
    replication: {username: replicator, password: $replpass}
    rewind: {username: rewinder, password: $rewindpass}
  parameters:
    unix_socket_directories: $dir/node$n
    shared_buffers: 64MB
    fsync: "on"
    synchronous_commit: "on"
tags:
  engine: $(engine_url "$n")
YAML
  chown -R postgres:postgres "$dir/node$n"
}

start_etcd() {
  mkdir -p "$dir/etcd"
  start_detached etcd "$dir/etcd.log" etcd --name ha --data-dir "$dir/etcd/data" \
    --listen-client-urls http://127.0.0.1:16379 --advertise-client-urls http://127.0.0.1:16379 \
    --listen-peer-urls http://127.0.0.1:16380 --initial-advertise-peer-urls http://127.0.0.1:16380 \
    --initial-cluster ha=http://127.0.0.1:16380 --initial-cluster-state new
  wait_for 20 "etcd on 127.0.0.1:16379" env ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:16379 endpoint health || { tail -20 "$dir/etcd.log" >&2; exit 1; }
}

start_patroni() {
  local n=$1
  # Patroni must run as postgres; setpriv keeps the pid (no su/sudo process in between), Debian's own python.
  # It starts in its node folder: its spawned workers chdir to the caller's folder, which postgres may not enter
  # (a clone under a mode-700 home or mktemp folder: "PermissionError ... os.chdir").
  (cd "$dir/node$n" && start_detached "patroni$n" "$dir/node$n/patroni.log" setpriv --reuid=postgres --regid=postgres --init-groups \
    /usr/bin/python3 /usr/bin/patroni "$dir/node$n/patroni.yml")
}

is_leader() { curl -sf -o /dev/null "http://127.0.0.1:$(rest_port "$1")/leader"; }
is_replica() { curl -sf -o /dev/null "http://127.0.0.1:$(rest_port "$1")/replica"; }
is_sync() { curl -sf -o /dev/null "http://127.0.0.1:$(rest_port "$1")/sync"; }
leader() {
  for n in "${nodes[@]}"; do
    if is_leader "$n"; then echo "$n"; return 0; fi
  done
  return 1
}

psql_super() { PGPASSWORD=$superpass psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(pg_port "$1")" -U postgres -d "${2:-postgres}" "${@:3}"; }
has_tables() { [ "$(echo "SELECT count(*) FROM pg_tables WHERE tablename = 'journal'" | psql_super "$1" socialloss -tA 2>/dev/null)" = 1 ]; }
engine_up() { curl -sf -o /dev/null "$(engine_url "$1")/health"; }

# an engine that exits while starting (its database not yet accepting connections after a rejoin or a rewind) is
# started again, a bounded number of times
engine_up_or_gone() { engine_up "$1" || ! alive "engine$1"; }
start_engine() {
  local n=$1 attempt
  for attempt in 1 2 3 4 5; do
    start_detached "engine$n" "$dir/node$n/engine.log" dotnet "$(cli_dll)" serve --db "$(app_db "$n")" \
      --urls "$(engine_url "$n")" --patroni "http://127.0.0.1:$(rest_port "$n")" --rate-limit 100000
    wait_for 60 "engine $n on $(engine_url "$n")" engine_up_or_gone "$n" || true
    if engine_up "$n"; then return 0; fi
    say "engine $n exited while starting (attempt $attempt); starting it again in 2 s"
    sleep 2
  done
  tail -20 "$dir/node$n/engine.log" >&2
  exit 1
}

cmd_up() {
  [ "$(id -u)" = 0 ] || die "needs root (apt-get, setpriv)"
  if alive etcd; then die "already up in $dir (scripts/ha.sh down first)"; fi
  install_packages
  rm -rf "$dir"
  mkdir -p "$dir/pids"
  chmod 755 "$dir"
  if [ -z "${SOCIALLOSS_HA_NO_ENGINES:-}" ] && { [ ! -f "$(cli_dll)" ] || [ -n "${SOCIALLOSS_HA_BUILD:-}" ]; }; then build_cli; fi
  local t0=$SECONDS
  start_etcd
  for n in "${nodes[@]}"; do write_patroni_config "$n"; done
  start_patroni 1
  wait_for 60 "node 1 to become the leader" is_leader 1 || { tail -30 "$dir/node1/patroni.log" >&2; exit 1; }
  start_patroni 2
  wait_for 60 "node 2 to stream as a replica" is_replica 2 || { tail -30 "$dir/node2/patroni.log" >&2; exit 1; }
  psql_super 1 >/dev/null <<SQL
SELECT 'CREATE ROLE socialloss LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'socialloss')\gexec
ALTER ROLE socialloss LOGIN PASSWORD '$apppass';
SELECT 'CREATE DATABASE socialloss OWNER socialloss' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'socialloss')\gexec
SQL
  [ -n "${SOCIALLOSS_HA_NO_ENGINES:-}" ] && { say "databases up in $((SECONDS - t0)) s (no engines); folder $dir"; return 0; }
  # the primary's engine creates the tables; the standby's opens them read-only once they have arrived
  start_engine 1
  wait_for 30 "the tables on node 2" has_tables 2
  start_engine 2
  say "up in $((SECONDS - t0)) s; folder $dir"
  local key
  key=$(socialloss serve --db "$(app_db 1)" --create-operator-key 2>/dev/null)
  echo "$key" >"$dir/operator.key"
  chmod 600 "$dir/operator.key"
  for n in "${nodes[@]}"; do echo "node$n engine $(engine_url "$n")  postgres $(app_db "$n" | sed 's/Password=[^;]*;//')"; done
  echo "operator key in $dir/operator.key"
}

kill_node() {
  local n=$1 pm
  pm=$(head -1 "$dir/node$n/data/postmaster.pid" 2>/dev/null || true)
  for name in "patroni$n" "engine$n"; do
    local p; p=$(pid_of "$name")
    if [ -n "$p" ]; then kill -9 "$p" 2>/dev/null || true; fi
  done
  if [ -n "$pm" ]; then kill -9 "$pm" 2>/dev/null || true; fi
  # the backends and the wal sender die with their postmaster; wait until they have (bounded)
  wait_for 10 "node $n's postmaster to exit" bash -c "! kill -0 ${pm:-0} 2>/dev/null" || true
  rm -f "$dir/pids/patroni$n" "$dir/pids/engine$n"
}

start_node() {
  local n=$1
  start_patroni "$n"
  wait_for 60 "node $n to rejoin as a replica" is_replica "$n" || { tail -30 "$dir/node$n/patroni.log" >&2; exit 1; }
  start_engine "$n"
}

# switchover N: Patroni hands the leader lock from node N to the other node (a planned move; node N's database is demoted)
switchover() {
  local n=$1 other
  other=$((3 - n))
  # in synchronous mode Patroni switches over only to the synchronous standby: wait until the other node is one
  # (it may still be catching up after a pause or a rejoin), then ask, a bounded number of times
  wait_for 60 "node $other to be the synchronous standby" is_sync "$other" || true
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"leader\": \"node$n\", \"candidate\": \"node$other\"}" \
      "http://127.0.0.1:$(rest_port "$n")/switchover"; then break; fi
    [ "$attempt" = 10 ] && die "Patroni refused the switchover from node $n"
    sleep 2
  done
  wait_for 60 "node $other to lead" is_leader "$other"
  wait_for 60 "node $n to stream as a replica" is_replica "$n"
}

# restart-engine N: stops node N's engine and starts it again (a fenced engine rejoins as a standby this way)
restart_engine() {
  local n=$1 p
  p=$(pid_of "engine$n")
  if [ -n "$p" ]; then
    kill "$p" 2>/dev/null || true
    wait_for 20 "engine $n to stop" bash -c "! kill -0 $p 2>/dev/null" || kill -9 "$p" 2>/dev/null || true
  fi
  start_engine "$n"
}

cmd_down() {
  [ -d "$dir/pids" ] || { say "nothing to stop in $dir"; return 0; }
  for n in "${nodes[@]}"; do
    local p; p=$(pid_of "engine$n"); [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  for n in "${nodes[@]}"; do
    local p; p=$(pid_of "patroni$n"); [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  for n in "${nodes[@]}"; do
    wait_for 20 "Patroni $n to stop PostgreSQL" bash -c "! kill -0 $(pid_of "patroni$n" | sed 's/^$/0/') 2>/dev/null" || true
    local pm; pm=$(head -1 "$dir/node$n/data/postmaster.pid" 2>/dev/null || true)
    for name in "engine$n" "patroni$n"; do local p; p=$(pid_of "$name"); [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
    [ -n "$pm" ] && kill -9 "$pm" 2>/dev/null || true
  done
  local p; p=$(pid_of etcd); [ -n "$p" ] && { kill "$p" 2>/dev/null || true; wait_for 10 "etcd to stop" bash -c "! kill -0 $p 2>/dev/null" || kill -9 "$p" 2>/dev/null || true; }
  rm -rf "$dir"
  say "down"
}

cmd_status() {
  [ -d "$dir/pids" ] || { echo "down"; return 0; }
  for f in "$dir"/pids/*; do
    local name p; name=$(basename "$f"); p=$(cat "$f")
    if kill -0 "$p" 2>/dev/null; then echo "$name pid $p running"; else echo "$name pid $p dead"; fi
  done
  for n in "${nodes[@]}"; do
    if curl -sf "http://127.0.0.1:$(rest_port "$n")/cluster" 2>/dev/null; then echo; break; fi
  done
  for n in "${nodes[@]}"; do echo "engine$n $(curl -s "$(engine_url "$n")/health" || echo unreachable)"; done
}

# Patroni resumes a paused replay on its next loop (PostgreSQL 14+) unless the cluster is in maintenance mode
# (paused: no failover either), so the pause is taken inside one
patroni_pause() { curl -sf -o /dev/null -X PATCH -H 'Content-Type: application/json' -d "{\"pause\": $2}" "http://127.0.0.1:$(rest_port "$1")/config"; }
cluster_paused() { curl -sf "http://127.0.0.1:$(rest_port "$1")/cluster" | grep -q '"pause": true'; }
replay_paused() { [ "$(echo "SELECT pg_is_wal_replay_paused()" | psql_super "$1" postgres -tA)" = t ]; }
# Asked again until it holds: a node just restarted through pg_rewind can still be restarting its postmaster after
# Patroni first reports it a replica, and psql then finds no server (CI saw "Connection refused" and exit 2 here).
pause_now() { echo "SELECT pg_wal_replay_pause()" | psql_super "$1" && replay_paused "$1"; }
resume_now() { echo "SELECT pg_wal_replay_resume()" | psql_super "$1" && ! replay_paused "$1"; }
pause_replay() {
  patroni_pause "$1" true
  wait_for 10 "Patroni maintenance mode" cluster_paused "$1"
  wait_for 30 "WAL replay to pause on node $1" pause_now "$1"
}
resume_replay() {
  wait_for 30 "WAL replay to resume on node $1" resume_now "$1"
  patroni_pause "$1" false
}

cmd_test() {
  # one test at a time on a machine (the ports and the folder are fixed): later ones wait their turn
  exec 8>"${TMPDIR:-/tmp}/socialloss-ha.lock"
  flock -w 900 8 || die "another scripts/ha.sh test held the lock for 15 minutes"
  cmd_down
  # whatever happens, nothing is left running (SOCIALLOSS_HA_KEEP=1 keeps the pair up to look at)
  if [ -z "${SOCIALLOSS_HA_KEEP:-}" ]; then trap 'cmd_down >/dev/null 2>&1 || true' EXIT; fi
  SOCIALLOSS_HA_BUILD=1 cmd_up >&2
  local urls="" dbs=""
  for n in "${nodes[@]}"; do urls+="${urls:+,}$(engine_url "$n")"; dbs+="${dbs:+|}$(app_db "$n")"; done
  set +e
  socialloss failover-test --urls "$urls" --dbs "$dbs" --key-file "$dir/operator.key" \
    --clients "${SOCIALLOSS_HA_CLIENTS:-4}" --batches "${SOCIALLOSS_HA_BATCHES:-60}" --batch "${SOCIALLOSS_HA_BATCH:-50}" \
    --kill "$repo/scripts/ha.sh kill-engine" --restart "$repo/scripts/ha.sh start-engine" \
    --pause "$repo/scripts/ha.sh pause-engine" --resume "$repo/scripts/ha.sh resume-engine" \
    --switchover "$repo/scripts/ha.sh switchover-engine" --restart-engine "$repo/scripts/ha.sh restart-engine"
  local status=$?
  set -e
  return $status
}

# the test's hooks name a node by its engine's URL (what the clients know)
node_of_url() { echo "${1##*:}" | sed -E 's/^1610([0-9])$/\1/'; }

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  test) cmd_test ;;
  leader) leader ;;
  kill) kill_node "${2:?node number}" ;;
  start) start_node "${2:?node number}" ;;
  pause) pause_replay "${2:?node number}" ;;
  resume) resume_replay "${2:?node number}" ;;
  kill-engine) kill_node "$(node_of_url "${2:?engine url}")" ;;
  start-engine) start_node "$(node_of_url "${2:?engine url}")" ;;
  pause-engine) pause_replay "$(node_of_url "${2:?engine url}")" ;;
  resume-engine) resume_replay "$(node_of_url "${2:?engine url}")" ;;
  switchover) switchover "${2:?node number}" ;;
  switchover-engine) switchover "$(node_of_url "${2:?engine url}")" ;;
  restart-engine) restart_engine "$(node_of_url "${2:?engine url}")" ;;
  *) echo "usage: scripts/ha.sh up|down|status|test|leader|kill N|start N|pause N|resume N" >&2; exit 2 ;;
esac
