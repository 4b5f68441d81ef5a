#!/usr/bin/env bash
# Builds and runs every test project; ends with one line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log=$(mktemp)
dotnet test --solution SocialLoss.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Microsoft.Testing.Platform ends with "Test run summary: ..." then "total:", "failed:", "succeeded:", "skipped:".
count() { grep -E "^ +$1: +[0-9]+" "$log" | tail -1 | sed -E 's/[^0-9]*([0-9]+).*/\1/'; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
