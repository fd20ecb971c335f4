#!/usr/bin/env bash
# AccessLedger, locally, with nothing installed but a JDK: a KRaft Kafka broker (from the Kafka jars on Maven
# Central), an embedded PostgreSQL (binaries from Maven Central) and the five services as separate processes.
# Builds what is missing, runs in the foreground, and stops everything it started on Ctrl-C (SIGINT/SIGTERM).
#   ACCESSLEDGER_DATA_DIR  where broker and database data live (default .accessledger/; an empty one = fresh suite)
#   ACCESSLEDGER_DEMO      false to skip the demo organisation and policy (default true)
#   ACCESSLEDGER_SMTP_HOST / ACCESSLEDGER_SMTP_PORT  an SMTP server for task notifications; without one,
#                          notifications are off (ACCESSLEDGER_NOTIFICATIONS=false)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=$(mkdir -p "${ACCESSLEDGER_DATA_DIR:-$ROOT/.accessledger}" && cd "${ACCESSLEDGER_DATA_DIR:-$ROOT/.accessledger}" && pwd)
DEMO=${ACCESSLEDGER_DEMO:-true}
VERSION=0.1.0-SNAPSHOT
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
export ACCESSLEDGER_DEV_JWT_SECRET=${ACCESSLEDGER_DEV_JWT_SECRET:-accessledger-local-dev-secret-do-not-use-in-production}
export SPRING_PROFILES_ACTIVE=${SPRING_PROFILES_ACTIVE:-local}
if [ -z "${ACCESSLEDGER_SMTP_HOST:-}" ]; then export ACCESSLEDGER_NOTIFICATIONS=${ACCESSLEDGER_NOTIFICATIONS:-false}; fi
SERVICES="request-service:8081 policy-service:8082 approval-service:8083 provisioning-service:8084 review-scheduler:8085"
[ "$DEMO" = "false" ] && export ACCESSLEDGER_POLICY_FILE=""

jar() { echo "$ROOT/$1/target/$1-$VERSION-exec.jar"; }
missing=false
for entry in $SERVICES; do [ -f "$(jar "${entry%%:*}")" ] || missing=true; done
CONSOLE_JAR="$ROOT/deploy/console/target/console-$VERSION-exec.jar"
CONSOLE_PORT=${ACCESSLEDGER_CONSOLE_PORT:-8080}
[ -f "$CONSOLE_JAR" ] || missing=true
[ -f "$ROOT/deploy/target/local-infra.classpath" ] || missing=true
if $missing; then
  echo "Building AccessLedger (first run only)..."
  (cd "$ROOT" && ./mvnw -B -q -DskipTests install)
fi

mkdir -p "$DATA/logs"
PIDS=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping AccessLedger..."
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do
    kill "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  echo "Stopped. Data kept in $DATA"
}
trap stop_all INT TERM EXIT

wait_for_line() { # file, text, what, seconds
  for _ in $(seq 1 "$4"); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "$3 did not start; see $1" >&2
  exit 1
}

INFRA_CP="$ROOT/platform/local-infra/target/local-infra-$VERSION.jar:$(cat "$ROOT/deploy/target/local-infra.classpath")"
"$JAVA" -Xmx512m -cp "$INFRA_CP" io.accessledger.infra.KraftBroker "$DATA/kafka" 9092 9093 > "$DATA/logs/kafka.log" 2>&1 &
PIDS+=($!)
"$JAVA" -Xmx128m -cp "$INFRA_CP" io.accessledger.infra.LocalPostgres "$DATA/postgres" 15432 \
  request_service policy_service approval_service provisioning_service review_scheduler > "$DATA/logs/postgres.log" 2>&1 &
PIDS+=($!)
wait_for_line "$DATA/logs/kafka.log" "Kafka (KRaft) ready" "Kafka" 60
wait_for_line "$DATA/logs/postgres.log" "PostgreSQL ready" "PostgreSQL" 60
echo "Kafka on 127.0.0.1:9092 and PostgreSQL on 127.0.0.1:15432 are up."

for entry in $SERVICES; do
  name=${entry%%:*}
  # Each service signs its checkpoints with its own Ed25519 key, generated here on first start (docs/AUDIT.md).
  "$JAVA" -Xmx384m -XX:TieredStopAtLevel=1 -Daxoniq.update-checker.disabled=true -jar "$(jar "$name")" \
    --accessledger.audit.signing-key-file="$DATA/keys/$name.key" --accessledger.audit.generate-key=true \
    > "$DATA/logs/$name.log" 2>&1 &
  PIDS+=($!)
done
for entry in $SERVICES; do
  name=${entry%%:*}; port=${entry##*:}
  for i in $(seq 1 150); do
    curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"' && break
    [ "$i" = 150 ] && { echo "$name did not become healthy; see $DATA/logs/$name.log" >&2; exit 1; }
    sleep 1
  done
  echo "  $name  http://127.0.0.1:$port  (health: /actuator/health, API docs: /v3/api-docs)"
done

# The console: the web app and the one gateway in front of the five services (their default ports).
"$JAVA" -Xmx192m -XX:TieredStopAtLevel=1 -jar "$CONSOLE_JAR" --server.port="$CONSOLE_PORT" \
  --accessledger.console.directory-file="$ROOT/deploy/demo/directory.json" > "$DATA/logs/console.log" 2>&1 &
PIDS+=($!)
wait_for_line "$DATA/logs/console.log" "Started ConsoleApplication" "The console" 60

if [ "$DEMO" != "false" ]; then
  ADMIN=$("$ROOT/deploy/token.sh" E1041 ADMIN)
  curl -fs -X POST -H "Authorization: Bearer $ADMIN" -H "Content-Type: application/json" \
    --data-binary @"$ROOT/deploy/demo/directory.json" http://127.0.0.1:8081/api/v1/directory/import > /dev/null
  echo "Demo organisation loaded: 50 people (deploy/demo/directory.json), policy v1 (17 resources, 4 SoD rules)."
fi
cat <<TXT

AccessLedger is running. Logs: $DATA/logs. Ctrl-C stops everything.
Open the web app:  http://127.0.0.1:$CONSOLE_PORT/   (pick a demo person to sign in; every /api/** goes through it)
Checkpoint signing keys (generated for this local run): $DATA/keys — <service>.key private, <service>.pub for the verifier.
Get a token:   TOKEN=\$(deploy/token.sh E1030)            # the employee E1030 (a software engineer)
               deploy/token.sh E1040 IAM                  # an IAM analyst; roles: IAM SECURITY COMPLIANCE AUDITOR ADMIN
Try it:        curl -s -X POST localhost:8081/api/v1/access-requests -H "Authorization: Bearer \$TOKEN" \\
                 -H 'Content-Type: application/json' \\
                 -d '{"resourceId":"github","accessLevel":"write","justification":"Joining the payments team repos"}'
Walk-through:  README.md, "Walk one request through the suite".
TXT
wait
