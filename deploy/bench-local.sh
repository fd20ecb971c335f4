#!/usr/bin/env bash
# The end-to-end benchmark as deploy/run-local.sh runs the suite (docs/BENCHMARKS.md, "End-to-end in five JVMs"):
# the five services as five JVMs from their exec jars, a KRaft broker and PostgreSQL (flushing at every commit) as
# processes, the SCIM test server as the automated target; in-profile LOW requests auto-approved and provisioned, one
# per freshly imported person, offered at RATE/s. After WARMUP seconds of that load a window of SECONDS is measured:
# requests provisioned per second, the backlog at its end, submit->PROVISIONED p50/p95/p99 of the requests accepted in
# it, and each process's CPU per provisioned request. Prints the table (also deploy/target/bench-local.md).
#   deploy/bench-local.sh [SECONDS] [RATE] [WARMUP]      defaults: 120 s at 5 requests/s after 60 s of warm-up
# BENCH_SERVICE_JVM_FLAGS sets the services' JIT flags (default the local run's -XX:TieredStopAtLevel=1; empty for the
# JVM's default tiered compilation), e.g.  BENCH_SERVICE_JVM_FLAGS= deploy/bench-local.sh 120 5 60
# The reactor build (-pl deploy -am verify) packages the exec jars it runs; nothing is installed. Offline by default
# (MVN_OFFLINE= to allow downloads). Needs a JDK 17+ and Linux (/proc); not part of the test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
./mvnw -B -ntp -q ${MVN_OFFLINE--o} -pl deploy -am verify -Dtest=LocalRunBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dlocal.seconds="${1:-120}" -Dlocal.rate="${2:-5}" \
  -Dlocal.warmup="${3:-60}" "-Dfaults.serviceJvmFlags=${BENCH_SERVICE_JVM_FLAGS--XX:TieredStopAtLevel=1}"
cat deploy/target/bench-local.md
