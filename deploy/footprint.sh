#!/usr/bin/env bash
# Each service's footprint (docs/BENCHMARKS.md, "Footprint"): the five services as separate processes, as
# deploy/run-local.sh runs them, with a KRaft broker, PostgreSQL and the SCIM test server; time to ready (process start
# to /actuator/health UP) and resident set (VmRSS) idle and under a short load of in-profile requests. Prints the table
# (also deploy/target/footprint.md). The reactor build (-pl deploy -am verify) packages the exec jars it runs; nothing
# is installed. Offline by default (MVN_OFFLINE= to allow downloads).
#   deploy/footprint.sh [LOAD_SECONDS] [RATE] [IDLE_SECONDS]     defaults: 60 s at 2 requests/s, 30 s idle
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
./mvnw -B -ntp -q ${MVN_OFFLINE--o} -pl deploy -am verify -Dtest=FootprintRunner \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfootprint.seconds="${1:-60}" -Dfootprint.rate="${2:-2}" \
  -Dfootprint.idle="${3:-30}"
cat deploy/target/footprint.md
