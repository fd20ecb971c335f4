#!/usr/bin/env bash
# Mints a local-run bearer token (HS256, issuer accessledger-local), as the services expect it.
#   deploy/token.sh <employeeId> [ROLE,ROLE,...] [lifetime-seconds]
#   e.g.  TOKEN=$(deploy/token.sh E1040 IAM)   curl -H "Authorization: Bearer $TOKEN" ...
# Roles: IAM, SECURITY, COMPLIANCE, AUDITOR, ADMIN. Being someone's manager comes from the directory, not a role.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 <employeeId> [ROLE,ROLE,...] [lifetime-seconds]" >&2
  exit 2
fi
sub=$1
roles=${2:-}
ttl=${3:-28800}
secret=${ACCESSLEDGER_DEV_JWT_SECRET:-accessledger-local-dev-secret-do-not-use-in-production}
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
roles_json=""
if [ -n "$roles" ]; then
  roles_json=$(printf '%s' "$roles" | awk -F, '{for (i = 1; i <= NF; i++) printf "%s\"%s\"", (i > 1 ? "," : ""), $i}')
fi
header=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"accessledger-local","sub":"%s","roles":[%s],"iat":%d,"exp":%d}' \
  "$sub" "$roles_json" "$now" "$((now + ttl))" | b64url)
signature=$(printf '%s' "$header.$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
