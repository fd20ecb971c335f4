#!/usr/bin/env bash
# Walks one access request through a running local suite (deploy/run-local.sh) with curl, printing each step:
# the engineer E1030 asks for github:write, their manager E1031 approves, IAM (E1040) fulfils it by hand,
# and the request ends PROVISIONED with its timeline.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINEER=$(deploy/token.sh E1030); MANAGER=$(deploy/token.sh E1031); IAM=$(deploy/token.sh E1040 IAM)
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
poll() { for _ in $(seq 1 60); do out=$(eval "$1") && [ -n "$out" ] && { echo "$out"; return 0; }; sleep 1; done; return 1; }

echo "1. E1030 asks for github:write"
REQUEST=$(curl -fs -X POST localhost:8081/api/v1/access-requests -H "Authorization: Bearer $ENGINEER" \
  -H 'Content-Type: application/json' -H "Idempotency-Key: walkthrough-$(date +%s)" \
  -d '{"resourceId":"github","accessLevel":"write","justification":"Joining the payments team; need to push to the ledger repositories."}' \
  | json 'd["requestId"]')
echo "   request $REQUEST"
echo "2. Their manager E1031 finds the task in the inbox"
TASK=$(poll "curl -fs localhost:8083/api/v1/approvals/tasks -H 'Authorization: Bearer $MANAGER' | json '\"\".join(t[\"taskId\"] for t in d if t[\"requestId\"]==\"$REQUEST\")'")
echo "   task $TASK"
echo "3. ...and approves it"
curl -fs -X POST "localhost:8083/api/v1/approvals/tasks/$TASK/decision" -H "Authorization: Bearer $MANAGER" \
  -H 'Content-Type: application/json' -d '{"outcome":"APPROVE","reason":"Fits the role"}'; echo
echo "4. IAM finds the manual fulfilment task (the local targets have no connector) and confirms it"
FT=$(poll "curl -fs localhost:8084/api/v1/fulfilment-tasks -H 'Authorization: Bearer $IAM' | json '\"\".join(t[\"taskId\"] for t in d if t[\"requestId\"]==\"$REQUEST\")'")
curl -fs -X POST "localhost:8084/api/v1/fulfilment-tasks/$FT/completion" -H "Authorization: Bearer $IAM" \
  -H 'Content-Type: application/json' -d '{"reference":"CHG0042","note":"Added to the GitHub team by hand"}'; echo
echo "5. The request, as the engineer sees it"
poll "curl -fs localhost:8081/api/v1/access-requests/$REQUEST -H 'Authorization: Bearer $ENGINEER' | json 'd[\"status\"] if d[\"status\"]==\"PROVISIONED\" and any(e[\"type\"]==\"ReviewScheduled\" for e in d[\"timeline\"]) else \"\"'" > /dev/null
curl -fs "localhost:8081/api/v1/access-requests/$REQUEST" -H "Authorization: Bearer $ENGINEER" \
  | json '"status: " + d["status"] + "\n" + "\n".join("   %-22s %s  by %s" % (e["type"], e["at"], e.get("actorId") or "-") for e in d["timeline"])'
