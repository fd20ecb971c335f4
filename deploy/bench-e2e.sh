#!/usr/bin/env bash
# The end-to-end benchmark (docs/BENCHMARKS.md, "End-to-end (issue 14, item 4)"): the five services, a local KRaft
# broker, embedded PostgreSQL and the SCIM test server as the automated target (all in one JVM, as the system tests
# run them); in-profile LOW requests auto-approved and provisioned on SCIM, one per freshly imported person, at a fixed
# offered rate from N clients. Phase 1 measures requests/s reaching PROVISIONED, phase 2 the submit->PROVISIONED
# p50/p95/p99 at half that rate; then Kafka's own producer/consumer performance tools on the same broker with the
# same mean record size, and the ratio. Prints the table (also in deploy/target/bench-e2e.md).
#   deploy/bench-e2e.sh [SECONDS] [RATE] [CLIENTS]     e.g. deploy/bench-e2e.sh 300 20 4   (the issue's 5 minutes)
# Defaults: 30 s per phase, 20 requests/s offered, 4 clients. Needs a JDK 17+; not part of the test suite.
# Offline by default; MVN_OFFLINE= deploy/bench-e2e.sh allows downloads (the first run needs kafka-tools).
# BENCH_JVM_ARGS adds options to the benchmark's JVM, e.g.
#   BENCH_JVM_ARGS=-XX:StartFlightRecording=filename=/tmp/e2e.jfr,settings=profile deploy/bench-e2e.sh 20 10 4
# BENCH_WARMUP=N warms up with N requests at half the rate (default 5 at 1/s: a 60 s phase still pays the JIT);
# BENCH_FLUSH_AT_COMMIT=true makes PostgreSQL flush at every commit, as a production server does (the tests' does not).
# BENCH_STATEMENTS=false runs PostgreSQL without pg_stat_statements (on by default: statements per request, by text).
# BENCH_WORKER_THREADS=N runs provisioning-service's connector worker with N calls at once
#   (accessledger.provisioning.worker.threads) and the SCIM target saas-scim's concurrency N, so that the target's
#   allowance (8 unless set) does not cap it; unset: the service's own settings. The report names them.
# BENCH_TRACING=true runs the services with tracing on, as the system tests run them (off by default, as deployed:
#   ACCESSLEDGER_TRACING unset in deploy/run-local.sh, the compose file and the k8s config).
#   deploy/bench-e2e.sh idle [SECONDS]     the idle cost instead: the same suite after 5 warm-up requests, then a
#     quiet window of SECONDS (default 60) with no request: CPU per process and by JVM thread, PostgreSQL transactions
#     by database and table, broker requests by type (docs/BENCHMARKS.md "Idle cost"; deploy/target/bench-idle.md).
set -euo pipefail
if [ -n "${BENCH_WORKER_THREADS:-}" ]; then
  BENCH_JVM_ARGS="${BENCH_JVM_ARGS:-} -Daccessledger.provisioning.worker.threads=$BENCH_WORKER_THREADS"
  BENCH_JVM_ARGS="$BENCH_JVM_ARGS -Daccessledger.provisioning.targets.saas-scim.concurrency=$BENCH_WORKER_THREADS"
fi
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${1:-}" = idle ]; then
  ./mvnw -B -ntp -q ${MVN_OFFLINE--o} -pl deploy -am verify -Dtest='EndToEndBenchmark#idleCost' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.idle="${2:-60}" -Dbench.jvm-args="${BENCH_JVM_ARGS:-}" \
    -Dbench.tracing="${BENCH_TRACING:-false}" \
    -Daccessledger.postgres.statement-stats="${BENCH_STATEMENTS:-true}"
  cat deploy/target/bench-idle.md
  exit 0
fi
./mvnw -B -ntp -q ${MVN_OFFLINE--o} -pl deploy -am verify -Dtest='EndToEndBenchmark#requestsPerSecondToProvisionedAgainstKafkasOwnRates' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.seconds="${1:-30}" -Dbench.rate="${2:-20}" \
  -Dbench.clients="${3:-4}" -Dbench.jvm-args="${BENCH_JVM_ARGS:-}" -Dbench.warmup="${BENCH_WARMUP:-5}" \
  -Dbench.tracing="${BENCH_TRACING:-false}" \
  -Daccessledger.postgres.flush-at-commit="${BENCH_FLUSH_AT_COMMIT:-false}" \
  -Daccessledger.postgres.statement-stats="${BENCH_STATEMENTS:-true}"
cat deploy/target/bench-e2e.md
