#!/usr/bin/env bash
# Agent lookup benchmark: ranking quality on the shared routing corpus (whole and held-out split), the
# confidence verdicts on it and on out-of-domain requests, and lookup latency over 1,000 agents. Writes
# bench/results/lookup.md. Extra arguments go to Maven, e.g. -Dcorpus=/path/to/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
./mvnw -B surefire:test -Dtest=LookupBenchmark -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false \
    -DtrimStackTrace=false "$@"
echo "Report: bench/results/lookup.md"
