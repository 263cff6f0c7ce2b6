#!/usr/bin/env bash
# Capacity: many long streamed tasks at once on one replica. Starts a fake OpenAI-compatible provider
# that answers every call after 2 s (bench/capacity/FakeProvider.java), the packaged application against
# it and the machine's PostgreSQL, then fires N concurrent streamed tasks (bench/capacity/LoadGen.java)
# for each N given, and records done/errors, latency p50/p99 and the application's peak RSS.
# Needs target/quarkus-app (./mvnw package -DskipTests) and PostgreSQL on 127.0.0.1:5432 (user postgres).
#   bench/capacity.sh [N...]        default: 100 1000
# Appends a Markdown table to bench/results/capacity.md (and prints it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then counts=("$@"); else counts=(100 1000); fi
port=${PORT:-18081}
provider_port=${PROVIDER_PORT:-18082}
management_port=${MANAGEMENT_PORT:-18083}
delay=${DELAY_MS:-2000}
agent=${AGENT:-code-reviewer}
db=agent_runtime_capacity
java="${JAVA_HOME:-/usr}/bin/java"
mkdir -p bench/out
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "run ./mvnw package -DskipTests first" >&2; exit 1; }

# The stand-in runs on the Vert.x and Netty jars the packaged application already carries.
provider_cp=$(ls target/quarkus-app/lib/main/io.vertx.vertx-core-*.jar target/quarkus-app/lib/main/io.netty.netty-*.jar | tr '\n' :)
"$java" -cp "$provider_cp" bench/capacity/FakeProvider.java "$provider_port" "$delay" >bench/out/capacity-provider.log 2>&1 &
provider=$!
app=
trap 'kill $app $provider 2>/dev/null; wait $app $provider 2>/dev/null || true' EXIT

rows=()
for n in "${counts[@]}"; do
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
  # A fresh application per run, so that each peak RSS is that run's own.
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_DATASOURCE_PASSWORD= QUARKUS_LOG_CATEGORY__IO_AGENTRUNTIME_PROVIDER_CLIENT__LEVEL=${PROVIDER_LOG:-INFO} AUTH_MODE=${AUTH_MODE:-none} QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management_port OPENAI_BASE_URL=http://127.0.0.1:$provider_port/v1 \
  ANTHROPIC_API_KEY= ANTHROPIC_BASE_URL= \
    "$java" ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >"bench/out/capacity-app-$n.log" 2>&1 &
  app=$!
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$management_port/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  ( while kill -0 "$app" 2>/dev/null; do ps -o rss= -p "$app"; sleep 0.2; done ) >"bench/out/capacity-rss-$n.txt" &
  sampler=$!
  result=$("$java" bench/capacity/LoadGen.java "http://127.0.0.1:$port" "$n" "$agent")
  kill "$sampler" 2>/dev/null || true
  peak=$(sort -n "bench/out/capacity-rss-$n.txt" | tail -1)
  echo "$result (peak RSS $((peak / 1024)) MiB)"
  # n=.. done=.. errors=.. p50=.. p99=.. max=.. outcomes={..}
  get() { grep -o "\b$1=[^ ]*" <<<"$result" | head -1 | cut -d= -f2; }
  rows+=("| $n | $(get done) | $(get errors) | $(get p50) | $(get p99) | $(get max) | $((peak / 1024)) | $(sed -n 's/.*outcomes=//p' <<<"$result") |")
  kill "$app"; wait "$app" 2>/dev/null || true
  app=
done
psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null

{
  echo
  echo "### $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) CPUs, $(free -m | awk '/Mem:/{print $2}') MiB RAM, $("$java" -version 2>&1 | head -1)"
  echo
  echo "Provider answers after $delay ms; JAVA_OPTS='${JAVA_OPTS:-}'; latency from request to the last event, in ms."
  echo
  echo "| concurrent streamed tasks | done | errors | p50 | p99 | max | peak RSS (MiB) | outcomes |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee -a bench/results/capacity.md
