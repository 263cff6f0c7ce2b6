#!/usr/bin/env bash
# Start time of the packaged JVM application against the baseline's (bench/baseline), in one run on one
# machine: each target is started RUNS times (default 5), round-robin so that the shared machine's load falls
# on all of them alike, and the medians are compared as ratios. Writes bench/results/start.md.
#
#   bench/start.sh                      # builds what is missing, trains the AOT cache, then measures
#   RUNS=7 bench/start.sh
#   SKIP_AOT=1 bench/start.sh           # without the AOT cache rows
#   TARGETS_EXTRA="before=/tmp/old/quarkus-app" bench/start.sh    # another build of the service, same way
#
# Ready: from the launch of `java` (JVM start included) to the first successful answer: the service's
# readiness check (/q/health/ready UP: HTTP serving, PostgreSQL reachable, the schema migrated), the
# baseline's one POST inserting one row. Both on an existing database: a first start, not counted, creates
# it (the service's Flyway migrates, the baseline drops and creates its table at every start anyway).
# Also recorded: the CPU time (user + system) the process used until ready, and for the service the time
# and CPU until lookups are hybrid (the embedding model loaded, every agent's vectors in place).
#
# AOT rows (JDK 25, JEP 483/514/515): the service packaged as Quarkus' aot-jar with the cache trained
# by a start of the application (./mvnw package -Dquarkus.package.jar.aot.enabled=true
# -Dquarkus.package.jar.aot.type=AOT -Dquarkus.package.jar.aot.phase=BUILD, into bench/out/start/aot-app), run with -XX:AOTCache=app.aot, as
# Dockerfile.jvm does; the baseline the same way, so that the ratio compares like with like.
#
# Needs a JDK 25, psql and PostgreSQL on 127.0.0.1:5432 (user postgres, trust), curl.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. bench/java.sh
runs=${RUNS:-5}
out=$root/bench/out/start
results=${RESULTS:-$root/bench/results/start.md}
port=19180 management_port=19181
mkdir -p "$out" "$(dirname "$results")"

service_dir=$root/target/quarkus-app
baseline_dir=$root/bench/baseline/target/quarkus-app
if [ -z "${SKIP_BUILD:-}" ]; then
  [ -f "$baseline_dir/quarkus-run.jar" ] || ./mvnw -B -ntp -q -f bench/baseline/pom.xml package -DskipTests
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
new_db() { psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; dbs+=("$1"); }

hz=$(getconf CLK_TCK)
cpu_ms() { awk -v hz="$hz" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# start NAME DIR KIND [JAVA OPTION...]: one start, until ready (and for the service until hybrid); prints
# "ready_ms ready_cpu_ms hybrid_ms hybrid_cpu_ms" (hybrid fields "-" for the baseline).
start() {
  local name=$1 dir=$2 kind=$3; shift 3
  local db="bench_start_${name//[^a-z0-9]/_}"
  local env=(QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port"
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" QUARKUS_DATASOURCE_USERNAME=postgres
    QUARKUS_DATASOURCE_PASSWORD=)
  [ "$kind" = service ] && env+=(AUTH_MODE=none ANTHROPIC_API_KEY=bench-not-a-secret
    ANTHROPIC_BASE_URL=http://127.0.0.1:9 OPENAI_API_KEY= OPENAI_BASE_URL=
    LOOKUP_EMBEDDING_NATIVE_DIR="$out/native")
  local t0; t0=$(now_ms)
  # From the application's folder: an AOT cache records the class path as it was when trained.
  (cd "$dir" && exec env "${env[@]}" java ${JAVA_OPTS:-} "$@" -jar quarkus-run.jar) >"$out/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  local ready=()
  if [ "$kind" = service ]; then
    ready=(-fs -o /dev/null "http://127.0.0.1:$management_port/q/health/ready")
  else
    ready=(-fs -o /dev/null -X POST -H Content-Type:application/json -d '{"text":"start"}' "http://127.0.0.1:$port/notes")
  fi
  local ready_ms="" ready_cpu="" hybrid_ms=- hybrid_cpu=-
  for _ in $(seq 1 3000); do
    if curl "${ready[@]}" 2>/dev/null; then
      ready_ms=$(( $(now_ms) - t0 )); ready_cpu=$(cpu_ms "$pid"); break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$ready_ms" ] || { echo "$name did not start; see $out/$name.log" >&2; tail -20 "$out/$name.log" >&2; exit 1; }
  if [ "$kind" = service ]; then
    for _ in $(seq 1 3000); do
      if curl -fs "http://127.0.0.1:$management_port/q/health/live" 2>/dev/null | grep -q '"embedding": *"ready"'; then
        hybrid_ms=$(( $(now_ms) - t0 )); hybrid_cpu=$(cpu_ms "$pid"); break
      fi
      sleep 0.1
    done
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ready_ms $ready_cpu $hybrid_ms $hybrid_cpu"
}

# The AOT variants: aot-jar packaging with the cache trained by Quarkus at build time (a start of the
# application that stops before it serves), in a copy so that target/quarkus-app stays the default build.
targets=("baseline|$baseline_dir|baseline" "service|$service_dir|service")
if [ -z "${SKIP_AOT:-}" ]; then
  aot_service=$out/aot-app aot_baseline=$out/aot-baseline
  if [ ! -f "$aot_service/app.aot" ]; then
    ./mvnw -B -ntp -q package -DskipTests -Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type=AOT -Dquarkus.package.jar.aot.phase=BUILD \
      -Dquarkus.package.output-directory=bench-aot-app >"$out/aot-build.log" 2>&1
    rm -rf "$aot_service"; mv target/bench-aot-app "$aot_service"
  fi
  if [ ! -f "$aot_baseline/app.aot" ]; then
    ./mvnw -B -ntp -q -f bench/baseline/pom.xml package -DskipTests -Dquarkus.package.jar.aot.enabled=true \
      -Dquarkus.package.jar.aot.type=AOT -Dquarkus.package.jar.aot.phase=BUILD -Dquarkus.package.output-directory=bench-aot-app >"$out/aot-baseline-build.log" 2>&1
    rm -rf "$aot_baseline"; mv bench/baseline/target/bench-aot-app "$aot_baseline"
  fi
  targets+=("baseline-aot|$aot_baseline|baseline|-XX:AOTCache=app.aot" "service-aot|$aot_service|service|-XX:AOTCache=app.aot")
fi
for extra in ${TARGETS_EXTRA:-}; do targets+=("${extra%%=*}|${extra#*=}|service"); done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A samples
for t in "${targets[@]}"; do
  IFS='|' read -r name dir kind opt <<<"$t"
  new_db "bench_start_${name//[^a-z0-9]/_}"
  echo "$name: first start (creates the schema, not counted)" >&2
  start "$name" "$dir" "$kind" ${opt:+"$opt"} >/dev/null
done
for i in $(seq 1 "$runs"); do
  for t in "${targets[@]}"; do
    IFS='|' read -r name dir kind opt <<<"$t"
    r=$(start "$name" "$dir" "$kind" ${opt:+"$opt"})
    echo "run $i $name: $r (ready ms, CPU ms until ready, hybrid ms, CPU ms until hybrid)" >&2
    samples[$name]+="$r"$'\n'
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { # column of the samples of $1
  printf '%s' "${samples[$1]}" | awk -v c="$2" 'NF { print $c }' | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0 || v[1] == "-") print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%d", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
all() { printf '%s' "${samples[$1]}" | awk -v c="$2" 'NF { print $c }' | paste -sd' '; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "-") printf "%.2f", a / b; else print "-" }'; }
{
  echo "# Start time: the packaged service against the baseline"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/start.sh\`, all targets in one run, $runs starts each, round-robin."
  echo
  echo "## Machine and load"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores visible; load average (1, 5, 15 min) $load_before before, $load_after after (a shared machine: compare the ratios of this run, not absolute figures across runs)"
  echo "- Memory: $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); JAVA_OPTS='${JAVA_OPTS:-}'"
  echo "- PostgreSQL: $(psql -h 127.0.0.1 -U postgres -At -c 'SHOW server_version') on 127.0.0.1, an existing database per target"
  echo "- Service: target/quarkus-app (fast-jar), prod profile, built-in agents only, embedding on; ready = \`/q/health/ready\` UP"
  echo "- Baseline: bench/baseline (one \`POST /notes\` inserting one row, Hibernate ORM); ready = that POST answering 2xx"
  echo
  echo "## Results (medians)"
  echo
  echo "| target | ready ms | CPU until ready ms | lookup hybrid ms | CPU until hybrid ms | ready ms, each start |"
  echo "|---|---:|---:|---:|---:|---|"
  for t in "${targets[@]}"; do
    name=${t%%|*}
    echo "| $name | $(median "$name" 1) | $(median "$name" 2) | $(median "$name" 3) | $(median "$name" 4) | $(all "$name" 1) |"
  done
  echo
  echo "- service / baseline ready: $(ratio "$(median service 1)" "$(median baseline 1)") (target <= 1.3)"
  # Under load the wall times of one target vary several-fold between rounds; CPU until ready much less.
  echo "- service / baseline CPU until ready: $(ratio "$(median service 2)" "$(median baseline 2)")"
  if [ -z "${SKIP_AOT:-}" ]; then
    echo "- service-aot / baseline ready: $(ratio "$(median service-aot 1)" "$(median baseline 1)"); service-aot / baseline-aot: $(ratio "$(median service-aot 1)" "$(median baseline-aot 1)")"
    echo "- service-aot / service ready: $(ratio "$(median service-aot 1)" "$(median service 1)")"
  fi
  for extra in ${TARGETS_EXTRA:-}; do
    echo "- ${extra%%=*} / baseline ready: $(ratio "$(median "${extra%%=*}" 1)" "$(median baseline 1)"); CPU until ready: $(ratio "$(median "${extra%%=*}" 2)" "$(median baseline 2)")"
  done
} >"$results"
cat "$results"
