#!/usr/bin/env bash
# Starts a local PostgreSQL for the tests (and for trying `socialloss serve --db postgres://…`) and prints
# its connection string on stdout; everything else goes to stderr. Idempotent: installs Debian's
# `postgresql` only when it is missing, starts the cluster only when it is down, and (re)sets the role's
# password so a run always gets a string that works. Needs root (apt-get, pg_ctlcluster).
# Environment: SOCIALLOSS_PG_PASSWORD (default "socialloss"): the password of role "socialloss";
# the cluster listens on 127.0.0.1 only.
set -euo pipefail
password=${SOCIALLOSS_PG_PASSWORD:-socialloss}
say() { echo "postgres.sh: $*" >&2; }
# test processes that start it at the same time (each when SOCIALLOSS_TEST_PG is unset) take turns
exec 9>"${TMPDIR:-/tmp}/socialloss-postgres.lock"
flock 9

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "PostgreSQL is missing; installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

# the newest installed server version, and its first cluster (created when there is none)
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v { print $2; exit }')
if [ -z "$cluster" ]; then
  cluster=main
  say "creating cluster $version/$cluster"
  pg_createcluster "$version" "$cluster" >&2
fi

# the socket directory lives in /run, which a restarted container starts without
install -d -o postgres -g postgres -m 2775 /var/run/postgresql
start_cluster() (
  # the server outlives this script, so it must not inherit our descriptors: the lock would stay held and a
  # caller reading our output through a pipe, like $(scripts/postgres.sh), would wait for it forever
  for fd in /proc/self/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
  done
  pg_ctlcluster "$version" "$cluster" start -- -o "-c listen_addresses=127.0.0.1" </dev/null >&2
)
status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }')
if [ "$status" != online ]; then
  say "starting cluster $version/$cluster"
  start_cluster
fi
port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')

for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then break; fi
  sleep 0.5
done
if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
  say "cluster $version/$cluster does not accept connections on 127.0.0.1:$port; see /var/log/postgresql/postgresql-$version-$cluster.log"
  exit 1
fi

psql_as_postgres() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" "$@"; }
# role and database "socialloss"; the role owns the database so the tests can create a schema each
escaped=${password//\'/\'\'}
psql_as_postgres -d postgres >&2 <<SQL
SELECT 'CREATE ROLE socialloss LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'socialloss')\gexec
ALTER ROLE socialloss LOGIN PASSWORD '$escaped';
SELECT 'CREATE DATABASE socialloss OWNER socialloss' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'socialloss')\gexec
SQL

echo "Host=127.0.0.1;Port=$port;Database=socialloss;Username=socialloss;Password=$password"
