#!/usr/bin/env bash
# Resident memory (RSS) of the packaged JVM application: after start-up, idle, and after N requests.
# Needs target/quarkus-app (./mvnw package) and a PostgreSQL; the machine's one on 127.0.0.1:5432 by default.
#   bench/footprint.sh [requests] [path]      e.g. bench/footprint.sh 300 '/v1/agents/lookup?q=review+my+diff'
# Prints a Markdown table row set; sizes in MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-300}
path=${2:-/v1/nowhere}
port=${PORT:-18080}
management_port=${MANAGEMENT_PORT:-19000}
db=agent_runtime_bench
mkdir -p bench/out
psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null

QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_DATASOURCE_PASSWORD= AUTH_MODE=${AUTH_MODE:-none} QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management_port \
  "${JAVA_HOME:-/usr}/bin/java" ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >bench/out/footprint.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
start=$(date +%s%N)
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$management_port/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
rss() { echo $(( $(ps -o rss= -p "$pid") / 1024 )); }
after_start=$(rss)
sleep 20
idle=$(rss)
t0=$(date +%s%N)
for _ in $(seq 1 "$requests"); do curl -s -o /dev/null "http://127.0.0.1:$port$path"; done
load_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
after_load=$(rss)
sleep 20
settled=$(rss)
echo "| ready after (ms, incl. JVM start) | $ready_ms |"
echo "| RSS after start-up | $after_start |"
echo "| RSS idle (20 s later) | $idle |"
echo "| RSS after $requests x GET $path (took $load_ms ms) | $after_load |"
echo "| RSS 20 s after the requests | $settled |"
