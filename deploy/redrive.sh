#!/usr/bin/env bash
# Re-drives the dead letters of one topic to one service's consumers, after the cause was fixed. Safe to repeat:
# every consumer dedupes on ce_id, so what was handled before counts as a duplicate; what still fails is parked and
# tried again with back-off (see GET /api/v1/admin/parked).
#   deploy/redrive.sh <service-port> <topic> [consumer]
#   e.g.  deploy/redrive.sh 8083 accessledger.policy.events.v1            # approval-service, all its consumers
#         deploy/redrive.sh 8084 accessledger.approval.events.v1 grant-driver
# Prints the report: {topic, read, handled, duplicates, parked, skipped, otherConsumers}.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 <service-port> <topic> [consumer]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
port=$1
topic=$2
query=""
[ $# -ge 3 ] && query="?consumer=$3"
token=$("$here/token.sh" "${ACCESSLEDGER_ADMIN_ID:-E1041}" ADMIN 300)
curl -fsS -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/admin/dead-letters/$topic/redrive$query"
echo
