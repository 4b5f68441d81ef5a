#!/usr/bin/env bash
# Regenerates the OpenAPI document and the C# client from the service: src/SocialLoss.Client/openapi.json is written from a
# live service's /openapi/v1.json, and src/SocialLoss.Client/SocialLossClient.g.cs by NSwag from that document (the
# settings are in tests/SocialLoss.Client.Tests/ClientGenerationTest.cs). The same tests, run without
# SOCIALLOSS_REGENERATE, fail when either committed file is stale. Then lints the document.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/SocialLoss.Client.Tests -c Release
SOCIALLOSS_REGENERATE=1 dotnet test --project tests/SocialLoss.Client.Tests -c Release --no-build -- --filter-class "*ClientGenerationTest"
# the client just written is compiled and checked against what NSwag makes (it must now match)
dotnet test --project tests/SocialLoss.Client.Tests -c Release -- --filter-class "*ClientGenerationTest"
scripts/lint-openapi.sh
