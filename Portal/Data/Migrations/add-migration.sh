#!/usr/bin/env bash
# Adds a migration named $1 to each provider's set (Sqlite, SqlServer, Postgres). Run from anywhere.
# No database server is contacted: design-time factories in Data/DesignTimeFactories.cs build each context.
set -euo pipefail
name="${1:?usage: add-migration.sh MigrationName}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
dotnet build Portal -nologo -v q
for provider in Sqlite SqlServer Postgres; do
  dotnet ef migrations add "$name" --project Portal --no-build \
    --context "${provider}PortalDbContext" \
    --output-dir "Data/Migrations/$provider" --namespace "Portal.Data.Migrations.$provider"
done
# dotnet-ef 10 writes the snapshot relative to the project twice (Portal/Portal/...); put it back.
if [ -d Portal/Portal/Data/Migrations ]; then
  for provider in Sqlite SqlServer Postgres; do
    mv Portal/Portal/Data/Migrations/$provider/*.cs Portal/Data/Migrations/$provider/ 2>/dev/null || true
  done
  rm -rf Portal/Portal
fi
