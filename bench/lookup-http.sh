#!/usr/bin/env bash
# Lookup quality through the packaged application's HTTP API (prod profile), keyword and hybrid mode, on the
# shared routing corpus: what an operator's deployment answers. Needs `./mvnw package` first and a database:
#   QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/bench QUARKUS_DATASOURCE_USERNAME=postgres \
#     bench/lookup-http.sh [/path/to/shared/corpus/VoltAgent-awesome-claude-code-subagents]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-}"
if [ -z "$corpus" ]; then
  for dir in ../shared ../../shared; do
    [ -d "$dir/corpus/VoltAgent-awesome-claude-code-subagents" ] && corpus="$dir/corpus/VoltAgent-awesome-claude-code-subagents" && break
  done
fi
[ -n "$corpus" ] || { echo "No corpus found: pass its folder" >&2; exit 2; }
: "${QUARKUS_DATASOURCE_JDBC_URL:?set QUARKUS_DATASOURCE_JDBC_URL (the packaged application has no embedded PostgreSQL)}"
for mode in keyword hybrid; do
  java bench/LookupHttp.java "$corpus" "$mode"
done
