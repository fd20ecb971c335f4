#!/usr/bin/env bash
# The campaign-opening benchmark (docs/BENCHMARKS.md, "Opening a review campaign"): seeds N active grants (default
# 20,000) into review-scheduler's grant history on its embedded PostgreSQL, starts a campaign over them over HTTP and
# times the start until the campaign is open and a reviewer has their first page (the campaign's snapshot), then a
# decision on an item not announced yet and the announcer apart (to the end up to -Dbench.announce-all-up-to=20000
# grants, else its first -Dbench.announce-seconds=120) (also in review-scheduler/target/bench-campaign-opening.md).
#   review-scheduler/bench-campaign-opening.sh [GRANTS]        e.g. review-scheduler/bench-campaign-opening.sh 3000000
# It also measures a GROUP campaign's group page, an IAM member's page, and an oversight role's and a holder's look at
# an unannounced item, before and after the announcer's count: rows read per call, and with BENCH_STATEMENT_STATS=true
# (pg_stat_statements loaded) the statements' buffers and time. BENCH_ANNOUNCE_SECONDS (120) bounds the announcer's run.
# BENCH_PROBE=true runs only the feasibility probe of a set-based opening (one insert … select of the item set; not
# the service's path) instead of the opener.
# Needs a JDK 17+ and the Maven repository the build uses; not part of the test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
grants="${1:-20000}"
cd "$root"
./mvnw -B -ntp -q ${MVN_OFFLINE:--o} -pl review-scheduler -am verify -Dtest=CampaignOpeningBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.grants="$grants" -Dbench.probe="${BENCH_PROBE:-false}" \
  -Dbench.announce-seconds="${BENCH_ANNOUNCE_SECONDS:-120}" \
  -Daccessledger.postgres.statement-stats="${BENCH_STATEMENT_STATS:-false}" \
  -Dsurefire.redirectTestOutputToFile=false
if [ "${BENCH_PROBE:-false}" = true ]; then
  cat review-scheduler/target/bench-campaign-opening-probe.md
else
  cat review-scheduler/target/bench-campaign-opening.md
fi
