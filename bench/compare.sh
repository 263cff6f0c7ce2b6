#!/usr/bin/env bash
# Side by side, in one run, with one load tool (wrk): the cost of a blocking task (POST /v1/tasks, a new
# session per call) against
#   - the baseline: the cheapest durable request on the same stack (bench/baseline: one POST, one row,
#     one @Transactional blocking JAX-RS method, Hibernate ORM, same Quarkus and Java), and
#   - nginx as a plain reverse proxy,
#   - the floor: the least a task can cost on the same stack (bench/floor: one POST that commits the input,
#     calls the provider with the REST client, commits the answer; two transactions, nothing else), and
# all calling (or proxying to) the same zero-latency fake provider (nginx answering the Anthropic
# Messages API with a fixed body). PostgreSQL: the machine's server on 127.0.0.1:5432, a fresh database
# per target. Writes bench/results/compare.md.
#
#   bench/compare.sh                       # builds what is missing, then measures
#   SKIP_BUILD=1 DURATION=20 WARMUP=5 CONNECTIONS=16 bench/compare.sh
#   SERVICE_JAR_DIR=/tmp/old/target/quarkus-app LABEL=before bench/compare.sh   # another build of the service
#   PROFILE=1 bench/compare.sh            # then one more blocking run of the warm service under JFR (not in the
#                                         # table): where its CPU goes, appended to the report (bench/profile/)
#
# The warm-up is 120 s: after 5 s at this load the JIT compilers still take a large part of the CPU, and a
# run measures compilation rather than the task path (5 s gave 22.8 ms of CPU per task, 30 s 5.8 ms). The
# service's CPU per task was still falling two minutes in (15 s windows after 60 s of warm-up: 2.3, 1.9, 1.4
# ms): at 400 tasks/s it reaches the JIT's invocation counts five times later than the baseline at 2,000
# requests/s, so a short warm-up compared a half-compiled service with a compiled baseline.
#
# Needs: wrk and nginx (Debian: apt-get install wrk nginx-light), psql, a JDK 21+. Without nginx the
# fake provider is a Python server and the nginx row is left out.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. bench/java.sh
duration=${DURATION:-20}
warmup=${WARMUP:-120}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
idle_seconds=${IDLE_SECONDS:-30}
service_dir=${SERVICE_JAR_DIR:-$root/target/quarkus-app}
baseline_dir=$root/bench/baseline/target/quarkus-app
floor_dir=$root/bench/floor/target/quarkus-app
out=$root/bench/out/compare
results=${RESULTS:-$root/bench/results/compare.md}
fake_port=19090 proxy_port=19091 baseline_port=19092 service_port=19093 management_port=19094 floor_port=19095
mkdir -p "$out" "$(dirname "$results")"
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
have_nginx=$(command -v nginx >/dev/null && echo 1 || echo 0)

if [ -z "${SKIP_BUILD:-}" ]; then
  [ -f "$baseline_dir/quarkus-run.jar" ] || ./mvnw -B -ntp -q -f bench/baseline/pom.xml package -DskipTests
  [ -f "$floor_dir/quarkus-run.jar" ] || ./mvnw -B -ntp -q -f bench/floor/pom.xml package -DskipTests
  [ -f "$service_dir/quarkus-run.jar" ] || ./mvnw -B -ntp -q package -DskipTests
fi

pids=()
dbs=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for d in "${dbs[@]}"; do psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

# --- The fake provider (and the proxy): nginx, one worker process each ----------------------------
answer='{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"text","text":"Looks fine."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":21,"output_tokens":7}}'
stream_answer='event: message_start
data: {"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-6","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":21,"output_tokens":1}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Looks fine."}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}}

event: message_stop
data: {"type":"message_stop"}

'
nginx_conf() { # $1 = name, $2 = server block
  mkdir -p "$out/$1"
  cat >"$out/$1/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $out/$1/nginx.pid;
error_log $out/$1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $out/$1; proxy_temp_path $out/$1; fastcgi_temp_path $out/$1;
  uwsgi_temp_path $out/$1; scgi_temp_path $out/$1;
  $2
}
EOF
}
if [ "$have_nginx" = 1 ]; then
  # A streamed call (Accept: text/event-stream) gets the same answer as Anthropic's documented events.
  nginx_conf fake "server { listen 127.0.0.1:$fake_port; keepalive_requests 1000000;
    location / { client_body_buffer_size 64k; default_type application/json; error_page 418 = @stream;
      if (\$http_accept ~ event-stream) { return 418; }
      return 200 '$answer'; }
    location @stream { default_type text/event-stream; return 200 '$stream_answer'; } }"
  nginx -c "$out/fake/nginx.conf" -e "$out/fake/error.log" & pids+=($!)
  nginx_conf proxy "upstream fake { server 127.0.0.1:$fake_port; keepalive 64; }
    server { listen 127.0.0.1:$proxy_port; keepalive_requests 1000000;
      location / { proxy_pass http://fake; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
  nginx -c "$out/proxy/nginx.conf" -e "$out/proxy/error.log" & pids+=($!)
else
  echo "nginx not installed: a Python fake provider is used and the nginx row is skipped" >&2
  ANSWER=$answer PORT=$fake_port python3 - <<'EOF' &
import os
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
body = os.environ["ANSWER"].encode()
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
EOF
  pids+=($!)
fi

# --- Helpers ------------------------------------------------------------------------------------
hz=$(getconf CLK_TCK)
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
hwm_mib() { local m=0 p v; for p in "$@"; do v=$(awk '/VmHWM/ {print $2}' "/proc/$p/status"); m=$((m + v)); done; echo $((m / 1024)); }
xact_commit() { psql -h 127.0.0.1 -U postgres -At -c "SELECT xact_commit FROM pg_stat_database WHERE datname = '$1'"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else if (v ~ /s$/) printf "%.2f", v * 1000; else print v }'; }
wait_ready() { # $1 pid, then curl's arguments
  local pid=$1; shift
  for _ in $(seq 1 480); do
    curl -fs -o /dev/null "$@" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
new_db() { psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; dbs+=("$1"); }
lua() { # $1 file, $2 body
  cat >"$1" <<EOF
wrk.method = "POST"
wrk.body = '$2'
wrk.headers["Content-Type"] = "application/json"
EOF
}
lua "$out/service.lua" '{"agent":"code-reviewer","input":"Review this diff: - a + b"}'
lua "$out/service-stream.lua" '{"agent":"code-reviewer","input":"Review this diff: - a + b"}'
echo 'wrk.headers["Accept"] = "text/event-stream"' >>"$out/service-stream.lua"
lua "$out/baseline.lua" '{"text":"Review this diff: - a + b"}'
lua "$out/floor.lua" '{"input":"Review this diff: - a + b"}'
lua "$out/proxy.lua" '{"model":"claude-sonnet-4-6","max_tokens":1024,"messages":[{"role":"user","content":"Review this diff: - a + b"}]}'

rows=()
notes=()
# measure NAME URL LUA PIDS... : warm-up, then the measured run; appends a table row.
measure() {
  local name=$1 url=$2 script=$3; shift 3
  wrk -t"$threads" -c"$connections" -d"${warmup}s" --timeout 30s -s "$script" "$url" >"$out/$name.warmup.txt"
  local c0; c0=$(cpu_ticks "$@")
  wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 30s --latency -s "$script" "$url" >"$out/$name.txt"
  local c1; c1=$(cpu_ticks "$@")
  local requests rps p50 p99 errors cpu
  requests=$(awk '/requests in/ {print $1}' "$out/$name.txt")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$out/$name.txt")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out/$name.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out/$name.txt")")
  errors=$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket:" $0}' "$out/$name.txt" | paste -sd' ')
  cpu=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v n="$requests" 'BEGIN { if (n > 0) printf "%.3f", d * 1000 / hz / n; else print "-" }')
  rows+=("$name|$rps|$p50|$p99|$cpu|$(hwm_mib "$@")|${errors:-0}")
  echo "$name: $rps req/s, p50 $p50 ms, p99 $p99 ms, CPU $cpu ms/request, errors ${errors:-0}" >&2
  local warm_requests; warm_requests=$(awk '/requests in/ {print $1}' "$out/$name.warmup.txt")
  all_requests=$((requests + warm_requests))
}

# profile_service URL LUA PID: the warm service under JFR (settings=profile) for one more blocking run.
profile_service() {
  local jfr_file=$out/service-profile.jfr
  rm -f "$jfr_file"
  # JDK 25's CPU-time sampler as well: it sees time in native code and the kernel (socket I/O), which the
  # execution samples of settings=profile miss.
  local cpu_samples=
  [ "$(java -XshowSettings:properties -version 2>&1 | awk '/java.specification.version/ {print int($3)}')" -ge 25 ] &&
    cpu_samples="+jdk.CPUTimeSample#enabled=true +jdk.CPUTimeSample#throttle=2ms"
  # shellcheck disable=SC2086
  jcmd "$3" JFR.start name=compare settings=profile $cpu_samples >/dev/null
  wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 30s -s "$2" "$1" >"$out/service-profile.txt"
  jcmd "$3" JFR.stop name=compare filename="$jfr_file" >/dev/null
  profile=$(java bench/profile/JfrBreakdown.java "$jfr_file" "$(awk '/requests in/ {print $1}' "$out/service-profile.txt")")
}
profile=

load_before=$(cut -d' ' -f1 /proc/loadavg)

# --- nginx as a plain reverse proxy ---------------------------------------------------------------
if [ "$have_nginx" = 1 ]; then
  for _ in $(seq 1 40); do [ -s "$out/proxy/nginx.pid" ] && break; sleep 0.25; done
  proxy_master=$(cat "$out/proxy/nginx.pid")
  proxy_pids=("$proxy_master" $(pgrep -P "$proxy_master"))
  curl -fs -o /dev/null -X POST "http://127.0.0.1:$proxy_port/v1/messages"
  measure nginx-proxy "http://127.0.0.1:$proxy_port/v1/messages" "$out/proxy.lua" "${proxy_pids[@]}"
fi

# --- a JVM app: start, wait until ready, measure, commits per request -----------------------------
# run_jvm NAME DIR PORT READY_CURL_ARGS PATH LUA [ENV...]   (READY_CURL_ARGS: one string, split on spaces)
run_jvm() {
  local name=$1 dir=$2 port=$3 ready=$4 path=$5 script=$6; shift 6
  local db="bench_compare_${name//-/_}"
  new_db "$db"
  local start; start=$(date +%s%N)
  env "$@" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
    java ${JAVA_OPTS:-} $([ "$name" = service ] && echo "${SERVICE_JAVA_OPTS:-}") -jar "$dir/quarkus-run.jar" >"$out/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  # shellcheck disable=SC2086
  wait_ready "$pid" $ready || { echo "$name did not start; see $out/$name.log" >&2; tail -20 "$out/$name.log" >&2; exit 1; }
  local ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  notes+=("$name ready (HTTP answering, JVM start included) after $ready_ms ms")
  # Idle commits: PostgreSQL publishes a backend's counters within about 10 s.
  sleep 12
  local i0; i0=$(xact_commit "$db")
  sleep "$idle_seconds"
  local i1; i1=$(xact_commit "$db")
  measure "$name" "http://127.0.0.1:$port$path" "$script" "$pid"
  sleep 12
  local c1; c1=$(xact_commit "$db")
  local n=$all_requests
  notes+=("$name: $(awk -v a="$i0" -v b="$i1" -v s="$idle_seconds" 'BEGIN { printf "%.2f", (b - a) / s }') commits/s idle (over ${idle_seconds} s); $(awk -v a="$i1" -v b="$c1" -v n="$n" 'BEGIN { if (n > 0) printf "%.2f", (b - a) / n; else print "-" }') commits per request (pg_stat_database.xact_commit over $n requests, warm-up included)")
  if [ "$name" = service ]; then
    # The same tasks streamed (SSE), on the same warm application.
    measure service-stream "http://127.0.0.1:$port$path" "$out/service-stream.lua" "$pid"
    notes+=("service task outcomes: $(psql -h 127.0.0.1 -U postgres -At -d "$db" -c "SELECT string_agg(status || '=' || n, ', ') FROM (SELECT status, count(*) n FROM tasks GROUP BY status) s")")
    [ -n "${PROFILE:-}" ] && profile_service "http://127.0.0.1:$port$path" "$out/service.lua" "$pid"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_jvm baseline "$baseline_dir" "$baseline_port" \
  "-X POST -H Content-Type:application/json -d {} http://127.0.0.1:$baseline_port/notes" /notes "$out/baseline.lua"
run_jvm floor "$floor_dir" "$floor_port" \
  "-X POST -H Content-Type:application/json -d {} http://127.0.0.1:$floor_port/tasks" /tasks "$out/floor.lua" \
  QUARKUS_REST_CLIENT_PROVIDER_URL="http://127.0.0.1:$fake_port"
run_jvm service "$service_dir" "$service_port" "http://127.0.0.1:$management_port/q/health/ready" /v1/tasks "$out/service.lua" \
  AUTH_MODE="${AUTH_MODE:-none}" ANTHROPIC_API_KEY=bench-not-a-secret ANTHROPIC_BASE_URL="http://127.0.0.1:$fake_port" \
  OPENAI_API_KEY= OPENAI_BASE_URL=
load_after=$(cut -d' ' -f1 /proc/loadavg)

# --- The report -----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
field() { local r; for r in "${rows[@]}"; do [ "${r%%|*}" = "$1" ] && echo "$r" | cut -d'|' -f"$2"; done; }
{
  echo "# Task path against the cheapest durable request${LABEL:+ ($LABEL)}"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/compare.sh\`, all targets in one run."
  echo
  echo "## Machine and load"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores visible; load average (1 min) $load_before before, $load_after after (the machine is shared: compare ratios within this run, not absolute figures across runs)"
  echo "- Memory: $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); JAVA_OPTS='${JAVA_OPTS:-}'"
  echo "- PostgreSQL: $(psql -h 127.0.0.1 -U postgres -At -c 'SHOW server_version') on 127.0.0.1, a fresh database per target"
  echo "- Load: wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $threads threads, $connections connections, ${duration} s after a ${warmup} s warm-up"
  echo "- Fake provider: $([ "$have_nginx" = 1 ] && echo "nginx $(nginx -v 2>&1 | cut -d/ -f2)" || echo "a Python server") answering the Anthropic Messages API at once with a fixed body"
  echo "- Service: \`POST /v1/tasks\` blocking (then the same streamed, \`Accept: text/event-stream\`: row service-stream), agent code-reviewer, a new session per call (packaged JVM app, prod profile, AUTH_MODE=${AUTH_MODE:-none}; what authentication adds is in auth-overhead.md)"
  echo "- Baseline: bench/baseline, \`POST /notes\` inserting one row in one \`@Transactional\` blocking JAX-RS method (Hibernate ORM)"
  echo "- Floor: bench/floor, \`POST /tasks\`: the input committed, the fake provider called (Quarkus REST client, blocking), the answer and usage committed; two transactions on a worker thread and nothing else (no sessions, events, usage ledger, limits, idempotency, metrics, validation): what any implementation of a task with the service's guarantees pays on this stack"
  echo
  echo "## Results"
  echo
  echo "CPU per request: user + system time of the target's processes (/proc/<pid>/stat) over the measured run, divided by its requests. Peak RSS: VmHWM."
  echo
  echo "| target | req/s | p50 ms | p99 ms | CPU per request ms | peak RSS MiB | errors |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
  echo
  echo "- service / baseline throughput: $(ratio "$(field service 2)" "$(field baseline 2)") (target >= 0.5)"
  echo "- service / baseline CPU per request: $(ratio "$(field service 5)" "$(field baseline 5)") (target <= 2)"
  echo "- floor / baseline: throughput $(ratio "$(field floor 2)" "$(field baseline 2)"), CPU per request $(ratio "$(field floor 5)" "$(field baseline 5)") (the least a task costs against one insert)"
  echo "- service / floor: throughput $(ratio "$(field service 2)" "$(field floor 2)"), CPU per request $(ratio "$(field service 5)" "$(field floor 5)") (what the service adds to the least a task costs)"
  echo "- streamed / blocking task throughput: $(ratio "$(field service-stream 2)" "$(field service 2)") (target >= 0.8)"
  for n in "${notes[@]}"; do echo "- $n"; done
  if [ -n "$profile" ]; then
    echo
    echo "## Where the service's CPU goes (PROFILE=1)"
    echo
    echo "One more blocking run of ${duration} s on the warm service under JFR (settings=profile), after the rows above; \`bench/profile/JfrBreakdown.java\` reads the recording ($out/service-profile.jfr)."
    echo
    echo "$profile"
  fi
} >"$results"
cat "$results"
