#!/usr/bin/env bash
# Regenerates Portal.Client from the API the host serves: writes Portal.Client/openapi.json (the served
# /openapi/v1.json without its servers) and Portal.Client/Generated/ (Kiota, the version in dotnet-tools.json).
#   bash Portal.Client/regenerate.sh
# The same test that fails when the committed client is stale does the work (one place that says how).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore
PORTAL_REGENERATE_CLIENT=1 dotnet test Portal.Tests --filter "FullyQualifiedName~ClientIsCurrentTests" -nologo
