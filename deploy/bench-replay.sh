#!/usr/bin/env bash
# The replay benchmark (docs/BENCHMARKS.md, "Audit replay"): writes a realistic log of N events (default 1,000,000) into a
# local KRaft broker, measures a plain consumer's raw rate on it, then runs `accessledger-audit replay` over the same
# topics in the same run, and prints events/s and the ratio (also in deploy/target/bench-replay.md).
#   deploy/bench-replay.sh [EVENTS]        e.g. deploy/bench-replay.sh 10000000
# Needs a JDK 17+ and the Maven repository the build uses; not part of the test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
events="${1:-1000000}"
cd "$root"
./mvnw -B -ntp -q ${MVN_OFFLINE--o} -pl deploy -am verify -Dtest=ReplayBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.events="$events" \
  -Dsurefire.redirectTestOutputToFile=false
cat deploy/target/bench-replay.md
