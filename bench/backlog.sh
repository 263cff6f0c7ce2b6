#!/usr/bin/env bash
# Backlog: N background tasks submitted as one burst to one replica, then drained. Starts the capacity
# bench's fake OpenAI-compatible provider (answers after DELAY_MS), the packaged application against it
# and the machine's PostgreSQL with TASKS_WORKER_CONCURRENCY workers, submits N tasks with
# `Prefer: respond-async` (bench/capacity/Backlog.java), then watches the tasks table once a second
# until nothing is queued or running: how many were accepted, the most running at once (must not pass
# the configured concurrency), the drain time and rate, how each task ended, and the peak RSS.
# Lost = accepted minus the tasks that reached an end (completed, failed or canceled): must be 0.
# Needs target/quarkus-app (./mvnw package -DskipTests) and PostgreSQL on 127.0.0.1:5432 (user postgres).
#   bench/backlog.sh [N]            default: 10000
#   CONCURRENCY=32 DELAY_MS=100 SENDERS=256 bench/backlog.sh 10000
#   DB=... PORT=... PROVIDER_PORT=... MANAGEMENT_PORT=...  (another database and ports, beside another run)
# Appends a Markdown table to bench/results/backlog.md (and prints it).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
concurrency=${CONCURRENCY:-32}
delay=${DELAY_MS:-100}
senders=${SENDERS:-256}
port=${PORT:-18181}
provider_port=${PROVIDER_PORT:-18182}
management_port=${MANAGEMENT_PORT:-18183}
agent=${AGENT:-code-reviewer}
db=${DB:-agent_runtime_backlog}
java="${JAVA_HOME:-/usr}/bin/java"
mkdir -p bench/out
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "run ./mvnw package -DskipTests first" >&2; exit 1; }
sql() { psql -h 127.0.0.1 -U postgres -d "$db" -At -F' ' -c "$1"; }

provider_cp=$(ls target/quarkus-app/lib/main/io.vertx.vertx-core-*.jar target/quarkus-app/lib/main/io.netty.netty-*.jar | tr '\n' :)
"$java" -cp "$provider_cp" bench/capacity/FakeProvider.java "$provider_port" "$delay" >bench/out/backlog-provider.log 2>&1 &
provider=$!
app= sampler=
trap 'kill $sampler $app $provider 2>/dev/null; wait $app $provider 2>/dev/null || true' EXIT

psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_DATASOURCE_PASSWORD= AUTH_MODE=${AUTH_MODE:-none} QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management_port \
OPENAI_BASE_URL=http://127.0.0.1:$provider_port/v1 ANTHROPIC_API_KEY= ANTHROPIC_BASE_URL= \
TASKS_WORKER_CONCURRENCY=$concurrency \
  "$java" ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >bench/out/backlog-app.log 2>&1 &
app=$!
for _ in $(seq 1 480); do
  curl -fs "http://127.0.0.1:$management_port/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
( while kill -0 "$app" 2>/dev/null; do ps -o rss= -p "$app"; sleep 0.2; done ) >bench/out/backlog-rss.txt &
sampler=$!

t0=$(date +%s)
result=$("$java" bench/capacity/Backlog.java "http://127.0.0.1:$port" "$n" "$agent" "$senders")
echo "$result"
accepted=$(grep -o 'accepted=[0-9]*' <<<"$result" | cut -d= -f2)
# Watch the queue drain; the most running at once is sampled, so it can only understate a breach.
max_running=0
while :; do
  read -r queued running <<<"$(sql "SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running') FROM tasks")"
  [ "$running" -gt "$max_running" ] && max_running=$running
  [ $((queued + running)) -eq 0 ] && break
  [ $(( $(date +%s) - t0 )) -gt "${MAX_SECONDS:-3600}" ] && { echo "still $queued queued, $running running after ${MAX_SECONDS:-3600} s" >&2; break; }
  sleep 1
done
drain_s=$(( $(date +%s) - t0 ))
outcomes=$(sql "SELECT status || '=' || count(*) FROM tasks GROUP BY status ORDER BY status" | paste -sd' ')
ended=$(sql "SELECT count(*) FROM tasks WHERE status IN ('completed', 'failed', 'canceled')")
kill "$sampler" 2>/dev/null || true
peak=$(sort -n bench/out/backlog-rss.txt | tail -1)
kill "$app"; wait "$app" 2>/dev/null || true
app=
psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null

{
  echo
  echo "### $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -1)"
  echo
  echo "Provider answers after $delay ms; worker concurrency $concurrency; $senders submissions on the wire at once; JAVA_OPTS='${JAVA_OPTS:-}'."
  echo
  echo "| submitted | accepted (202) | burst accepted in | most running at once (limit $concurrency) | drained after | tasks/s | ended as | lost | peak RSS (MiB) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "| $n | $accepted | $(grep -o 'burst_ms=[0-9]*' <<<"$result" | cut -d= -f2) ms | $max_running | $drain_s s | $(awk -v a="$ended" -v s="$drain_s" 'BEGIN { printf "%.0f", a / (s > 0 ? s : 1) }') | $outcomes | $((accepted - ended)) | $((peak / 1024)) |"
} | tee -a bench/results/backlog.md
