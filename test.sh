#!/usr/bin/env bash
# Builds and runs every test project; ends with one line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# the PostgreSQL store's tests run against a local server that the project's script installs and starts;
# a server given in SOCIALLOSS_TEST_PG is used as it is. When the script fails those tests fail saying why.
if [ -z "${SOCIALLOSS_TEST_PG:-}" ]; then
  if pg=$(scripts/postgres.sh); then
    export SOCIALLOSS_TEST_PG="$pg"
  else
    echo "test.sh: scripts/postgres.sh failed; the PostgreSQL tests will fail" >&2
  fi
fi
log=$(mktemp)
dotnet test --solution SocialLoss.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Microsoft.Testing.Platform ends with "Test run summary: ..." then "total:", "failed:", "succeeded:", "skipped:".
count() { grep -E "^ +$1: +[0-9]+" "$log" | tail -1 | sed -E 's/[^0-9]*([0-9]+).*/\1/'; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
rm -f "$log"
# the failover test of the replicated pair (PostgreSQL + Patroni + etcd, two engines): needs root for apt-get and
# setpriv, as CI has; its summary is one JSON line
if [ -n "${SOCIALLOSS_SKIP_HA:-}" ]; then
  echo "test.sh: SOCIALLOSS_SKIP_HA is set: scripts/ha.sh test skipped"
  skipped=$((skipped + 1))
elif [ "$(id -u)" != 0 ]; then
  echo "test.sh: not root: scripts/ha.sh test (apt-get, setpriv) skipped"
  skipped=$((skipped + 1))
else
  halog=$(mktemp)
  if summary=$(scripts/ha.sh test 2>"$halog"); then
    echo "failover test: ${summary##*$'\n'}"
    passed=$((passed + 1))
  else
    tail -40 "$halog"
    echo "failover test FAILED: ${summary##*$'\n'}"
    failed=$((failed + 1))
  fi
  rm -f "$halog"
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
