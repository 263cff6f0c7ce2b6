#!/usr/bin/env bash
# Resident memory (RSS) of the packaged JVM application under sustained load, with the embedding model
# loaded and in use, for one or more sets of JVM options in one run. Each set gets a fresh application
# and database: after it is ready and its model loaded, a warm-up, then DURATION seconds of blocking tasks
# (wrk, 16 connections; a new session per task) against an OpenAI-compatible stand-in answering after 1 ms
# (bench/capacity/FakeProvider.java), with lookups beside them (wrk, 4 connections; every query a new
# text, so each one is embedded). RSS (VmRSS) is sampled every second of the measured window.
# Reports per set: steady RSS (median of the window's second half), peak RSS (VmHWM, start included),
# tasks/s and lookups/s, and the heap in use at the end. Appends to
# bench/results/footprint.md.
#
#   bench/footprint.sh                                    # the default set and the manifests' set
#   bench/footprint.sh "" "-Xmx96m -XX:+UseSerialGC"      # any sets: one argument each ("" = no options)
#   DURATION=60 WARMUP=30 bench/footprint.sh
#
# Needs wrk (apt-get install wrk), target/quarkus-app (./mvnw package -DskipTests), PostgreSQL on
# 127.0.0.1:5432 (user postgres), a JDK 21+.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/java.sh
# The memory options the Kubernetes manifests give the JVM (k8s/base/deployment.yaml, JAVA_OPTS_APPEND),
# without the image's own flags (the AOT cache is in the image only).
manifests_opts=$(grep -A1 'name: JAVA_OPTS_APPEND' k8s/base/deployment.yaml | sed -n 's/.*value: "\(.*\)"/\1/p' |
  tr ' ' '\n' | grep -v -e '^-XX:AOTCache=' -e '^-D' | paste -sd' ')
if [ $# -gt 0 ]; then sets=("$@"); else sets=("" "$manifests_opts"); fi
duration=${DURATION:-60}
warmup=${WARMUP:-30}
port=${PORT:-18181}
management_port=${MANAGEMENT_PORT:-18182}
provider_port=${PROVIDER_PORT:-18183}
db=agent_runtime_footprint
out=bench/out/footprint
mkdir -p "$out"
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "run ./mvnw package -DskipTests first" >&2; exit 1; }

provider_cp=$(ls target/quarkus-app/lib/main/io.vertx.vertx-core-*.jar target/quarkus-app/lib/main/io.netty.netty-*.jar | tr '\n' :)
java -cp "$provider_cp" bench/capacity/FakeProvider.java "$provider_port" 1 >"$out/provider.log" 2>&1 &
provider=$!
app=
trap 'kill $app $provider 2>/dev/null; wait $app $provider 2>/dev/null || true' EXIT

cat >"$out/task.lua" <<'EOF'
wrk.method = "POST"
wrk.body = '{"agent":"code-reviewer","input":"Review this diff: - a + b"}'
wrk.headers["Content-Type"] = "application/json"
EOF
cat >"$out/lookup.lua" <<'EOF'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
    '{"query":"Why is the query on table ' .. counter .. ' slow when it joins the orders?"}')
end
EOF

rows=()
load_before=$(cut -d' ' -f1 /proc/loadavg)
for opts in "${sets[@]}"; do
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
  # shellcheck disable=SC2086
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_DATASOURCE_PASSWORD= AUTH_MODE=none QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management_port \
  OPENAI_BASE_URL=http://127.0.0.1:$provider_port/v1 OPENAI_API_KEY=bench-not-a-secret ANTHROPIC_API_KEY= ANTHROPIC_BASE_URL= \
    java $opts -jar target/quarkus-app/quarkus-run.jar >"$out/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$management_port/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  # The model loads after readiness: wait until the lookup says it ranks with it.
  for _ in $(seq 1 240); do grep -q "Agent lookup is hybrid" "$out/app.log" && break; sleep 0.5; done
  grep -q "Agent lookup is hybrid" "$out/app.log" || { echo "the embedding model did not load; see $out/app.log" >&2; exit 1; }
  wrk -t1 -c16 -d"${warmup}s" --timeout 30s -s "$out/task.lua" "http://127.0.0.1:$port/v1/tasks" >/dev/null
  wrk -t1 -c4 -d"${duration}s" --timeout 30s -s "$out/lookup.lua" "http://127.0.0.1:$port/v1/agents/lookup" >"$out/lookups.txt" &
  lookups=$!
  ( for _ in $(seq 1 "$duration"); do awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$app/status"; sleep 1; done ) >"$out/rss.txt" &
  sampler=$!
  wrk -t1 -c16 -d"${duration}s" --timeout 30s -s "$out/task.lua" "http://127.0.0.1:$port/v1/tasks" >"$out/tasks.txt"
  wait "$lookups" "$sampler" || true
  steady=$(tail -n +$((duration / 2)) "$out/rss.txt" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$app/status")
  heap=$(jcmd "$app" GC.heap_info 2>/dev/null | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {print $(i + 1); exit}}')
  rps() { awk '/Requests\/sec/ {printf "%.0f", $2}' "$1"; }
  errors() { awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket"}' "$1" | paste -sd' '; }
  rows+=("| \`${opts:-(none)}\` | $steady | $peak | $(rps "$out/tasks.txt") | $(rps "$out/lookups.txt") | ${heap:-?} | $(errors "$out/tasks.txt")$(errors "$out/lookups.txt") |")
  echo "${rows[-1]}" >&2
  kill "$app"; wait "$app" 2>/dev/null || true
  app=
done
psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -m | awk '/Mem:/{print $2}') MiB RAM, $(java -version 2>&1 | head -1); load average $load_before before, $(cut -d' ' -f1 /proc/loadavg) after. ${warmup} s warm-up, ${duration} s measured: blocking tasks on 16 connections and lookups (each a new query) on 4, provider answering after 1 ms."
  echo
  echo "| JVM options | steady RSS MiB | peak RSS MiB | tasks/s | lookups/s | heap used at the end | errors |"
  echo "|---|---:|---:|---:|---:|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee -a bench/results/footprint.md
