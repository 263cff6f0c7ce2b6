#!/usr/bin/env bash
# What authentication and the tenant check cost a request, in service CPU: the packaged application
# serves the same tenant-scoped read (GET /v1/sessions?limit=1: authentication, the tenant's keyset page,
# one query) with AUTH_MODE=none, then with an API key and with a bearer JWT (AUTH_MODE=api-key,oidc); each
# case is measured twice, which shows the run's own noise. The CPU is the server process's (utime + stime from
# /proc) over wrk's measured runs, divided by their requests. Writes bench/results/auth-overhead.md.
#
#   bench/auth-overhead.sh                      # builds target/quarkus-app when missing
#   DURATION=20 WARMUP=60 CONNECTIONS=8 bench/auth-overhead.sh
#
# Needs: wrk (apt-get install wrk), psql and the machine's PostgreSQL on 127.0.0.1:5432, python3 (serves
# the JWKS file), a JDK 21+.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. bench/java.sh
duration=${DURATION:-20}
warmup=${WARMUP:-60}
connections=${CONNECTIONS:-8}
threads=${THREADS:-2}
port=19200 management_port=19201 jwks_port=19202
db=bench_auth_overhead
out=$root/bench/out/auth-overhead
results=${RESULTS:-$root/bench/results/auth-overhead.md}
issuer=https://issuer.bench.test audience=agent-runtime tenant=bench
mkdir -p "$out" "$(dirname "$results")"
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -ntp -q package -DskipTests

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_DATASOURCE_PASSWORD= QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management_port \
  AUTH_OIDC_ISSUER=$issuer AUTH_OIDC_AUDIENCE=$audience AUTH_OIDC_JWKS_URL=http://127.0.0.1:$jwks_port/jwks.json

# The identity provider's keys, served as a file; one token for them.
token=$(java bench/auth/Jwt.java "$out/jwks.json" "$issuer" "$audience" "$tenant")
(cd "$out" && exec python3 -m http.server "$jwks_port" --bind 127.0.0.1 >/dev/null 2>&1) & pids+=($!)
# A caller key of the same tenant, made as an operator makes the first one (command mode). Its run also
# migrates the fresh database.
key=$(AUTH_MODE=none java -jar target/quarkus-app/quarkus-run.jar keys create --tenant "$tenant" --name bench --role caller 2>"$out/keys.log")

hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rows=()
# serve MODE: starts the server with AUTH_MODE=MODE, waits until it is ready.
serve() {
  AUTH_MODE=$1 java ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >"$out/server-$1.log" 2>&1 &
  app=$!
  pids+=("$app")
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$management_port/q/health/ready" && return 0
    kill -0 "$app" 2>/dev/null || { tail -20 "$out/server-$1.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "the server did not get ready" >&2; exit 1
}
stop() { kill "$app"; wait "$app" 2>/dev/null || true; }
# script NAME [AUTHORIZATION]: wrk's script for a case.
script() {
  printf 'wrk.headers["Accept"] = "application/json"\n' >"$out/$1.lua"
  [ -n "${2:-}" ] && printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$2" >>"$out/$1.lua"
  local status; status=$(curl -s -o /dev/null -w '%{http_code}' ${2:+-H "Authorization: Bearer $2"} "$url")
  [ "$status" = 200 ] || { echo "$1: GET /v1/sessions answered $status" >&2; exit 1; }
}
warm() { wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$out/$1.lua" "$url" >/dev/null; }
# measure NAME ROUND: one measured run of a case; appends a row.
measure() {
  local c0; c0=$(cpu_ticks "$app")
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$out/$1.lua" "$url" >"$out/$1-$2.txt"
  local c1; c1=$(cpu_ticks "$app")
  local requests rps p50 errors cpu
  requests=$(awk '/requests in/ {print $1}' "$out/$1-$2.txt")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$out/$1-$2.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$out/$1-$2.txt")
  errors=$(awk '/Non-2xx/ {print $NF}' "$out/$1-$2.txt")
  cpu=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.3f", d * 1000 / hz / n }')
  rows+=("$1|$2|$rps|$p50|$cpu|${errors:-0}")
  echo "$1 (round $2): $rps req/s, p50 $p50, CPU $cpu ms/request, non-2xx ${errors:-0}" >&2
}

url="http://127.0.0.1:$port/v1/sessions?limit=1"
load_before=$(cut -d' ' -f1 /proc/loadavg)
# Each server is warmed (JIT) on its cases first; then the cases take turns, twice each.
serve none
script none
warm none
measure none 1
measure none 2
stop
serve api-key,oidc
script "API key" "$key"
script "bearer JWT" "$token"
warm "API key"
warm "bearer JWT"
for round in 1 2; do
  measure "API key" "$round"
  measure "bearer JWT" "$round"
done
stop
load_after=$(cut -d' ' -f1 /proc/loadavg)

# mean CASE: the mean CPU per request of a case's rounds.
cpus() { local r; for r in "${rows[@]}"; do if [ "${r%%|*}" = "$1" ]; then echo "$r" | cut -d'|' -f5; fi; done; }
mean() { cpus "$1" | awk '{ s += $1; n++ } END { printf "%.3f", s / n }'; }
spread() { cpus "$1" | awk 'NR == 1 { a = $1 } NR == 2 { d = $1 - a; if (d < 0) d = -d; printf "%.3f", d }'; }
none=$(mean none)
{
  echo "# Authentication overhead"
  echo
  echo "\`bench/auth-overhead.sh\`, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "$(java -version 2>&1 | head -1), load average $load_before before and $load_after after (the machine is shared)."
  echo "wrk -t$threads -c$connections on \`GET /v1/sessions?limit=1\` (authentication, then the tenant-scoped keyset page:"
  echo "one query on the machine's PostgreSQL 15). Each server is warmed for ${warmup} s on each of its cases, then"
  echo "the cases take turns, ${duration} s each, twice. CPU: the server process's user + system time over a"
  echo "measured run, per request. Extra CPU: a case's mean less the mean without authentication."
  echo
  echo "| authentication | round | req/s | p50 | service CPU per request (ms) |"
  echo "|---|---:|---:|---:|---:|"
  for r in "${rows[@]}"; do
    IFS='|' read -r name round rps p50 cpu errors <<<"$r"
    echo "| $name | $round | $rps | $p50 | $cpu |"
  done
  echo
  echo "| authentication | mean CPU per request (ms) | extra CPU per request (ms) | spread between its two rounds (ms) |"
  echo "|---|---:|---:|---:|"
  for c in none "API key" "bearer JWT"; do
    echo "| $c | $(mean "$c") | $(awk -v c="$(mean "$c")" -v n="$none" 'BEGIN { printf "%+.3f", c - n }') | $(spread "$c") |"
  done
  echo
  echo "Non-2xx answers over all runs: $(for r in "${rows[@]}"; do echo "$r" | cut -d'|' -f6; done | paste -sd+ | bc)."
} >"$results"
cat "$results"
