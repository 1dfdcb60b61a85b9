#!/usr/bin/env bash
# Adds one migration, with the same name, to each provider's migrations project.
# Usage: scripts/add-migration.sh <MigrationName>
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet restore Oro.Opportunities.sln >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  project=src/Oro.Opportunities.Data.Migrations.$provider
  echo "== $provider"
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" \
    --context AppDbContext --output-dir Migrations
done
