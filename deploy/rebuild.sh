#!/usr/bin/env bash
# Rebuilds one service's read models from the Kafka topics alone, into a fresh schema (rebuild_<id>) beside the live
# tables, which keep serving; at the end every rebuilt table is compared with its live twin. Only read models run:
# no command, connector call or notification is repeated. The fresh schema is kept for inspection; drop it with
#   curl -X DELETE .../api/v1/admin/read-models/rebuilds/<id>
#   deploy/rebuild.sh <service-port>          e.g. deploy/rebuild.sh 8083   (approval-service)
# Prints progress while it runs (events read of total, events/s, ETA) and the comparison at the end; exits 1 if a
# table differs (expected only while events are still being published) or the rebuild failed.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 <service-port>" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
base="http://127.0.0.1:$1"
token=$("$here/token.sh" "${ACCESSLEDGER_ADMIN_ID:-E1041}" ADMIN 3600)
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
started=$(curl -fsS -X POST -H "Authorization: Bearer $token" "$base/api/v1/admin/read-models/rebuilds")
id=$(echo "$started" | field 'd["id"]')
echo "rebuild $id into schema $(echo "$started" | field 'd["schema"]') of: $(echo "$started" | field '", ".join(d["readModels"])')"
while :; do
  status=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/admin/read-models/rebuilds/$id")
  state=$(echo "$status" | field 'd["state"]')
  echo "$status" | field '"  %s  %d/%d events  %.0f events/s  ETA %s" % (d["state"], d["read"], d["total"], d["eventsPerSecond"], d["eta"] or "-")'
  [ "$state" != RUNNING ] && break
  sleep 2
done
echo "$status" | field '"\n".join("  %-32s live %6d  rebuilt %6d  %s" % (c["table"], c["liveRows"], c["rebuiltRows"], "equal" if c["onlyLive"]==0 and c["onlyRebuilt"]==0 else "DIFFERS: %d only live, %d only rebuilt" % (c["onlyLive"], c["onlyRebuilt"])) for c in d["comparison"])'
echo "$status" | field '"\n".join("  problem: " + p for p in d["problems"])'
echo "$status" | field '"applied %d, duplicates %d, skipped %d, failed %d" % (d["applied"], d["duplicates"], d["skipped"], d["failed"])'
echo "$status" | field '0 if d["state"]=="DONE" and d["failed"]==0 and all(c["onlyLive"]==0 and c["onlyRebuilt"]==0 for c in d["comparison"]) else 1' | grep -q '^0$'
