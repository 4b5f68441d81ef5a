#!/usr/bin/env bash
# Lints an OpenAPI document (default: the committed src/SocialLoss.Client/openapi.json, which a test keeps equal to the
# served /openapi/v1.json) with Redocly CLI's recommended rules. Redocly is installed from npm into scripts/tools
# (versions pinned by its package.json and package-lock.json), never globally. Exit 0: no error (warnings are printed);
# 1: lint errors; 3: npm is not available.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
doc="$(realpath "${1:-$here/../src/SocialLoss.Client/openapi.json}")"
if ! command -v npm >/dev/null 2>&1; then
  echo "lint-openapi: npm is not installed (apt-get install npm); cannot run Redocly" >&2
  exit 3
fi
if [ ! -x "$here/tools/node_modules/.bin/redocly" ]; then
  (cd "$here/tools" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
cd "$here/tools"
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true ./node_modules/.bin/redocly lint --extends recommended --format stylish "$doc"
