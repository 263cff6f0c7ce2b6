#!/usr/bin/env bash
# Measures the latency the service adds to a blocking task (service time minus provider time, p50/p99),
# sequentially and with concurrent callers, against WireMock answering after a fixed delay. Writes
# bench/results/task-overhead.md.
#
#   bench/task-overhead.sh                      # defaults: 200 ms provider delay, 200 sequential, 400 x 16 concurrent
#   DELAY_MS=50 CONCURRENCY=32 bench/task-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [ -x "$candidate/bin/java" ] && export JAVA_HOME="$candidate" && break
  done
fi
./mvnw -B -q test -Dtest=TaskOverheadBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.delay-ms="${DELAY_MS:-200}" -Dbench.sequential="${SEQUENTIAL:-200}" \
  -Dbench.concurrent="${CONCURRENT:-400}" -Dbench.concurrency="${CONCURRENCY:-16}" \
  -Dbench.warmup="${WARMUP:-40}" -Dbench.out="$PWD/bench/results/task-overhead.md" \
  -Dquarkus.log.category.\"io.agentruntime\".level=WARN
cat bench/results/task-overhead.md
