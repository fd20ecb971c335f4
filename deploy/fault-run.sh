#!/usr/bin/env bash
# The fault run (docs/RELIABILITY.md, "Fault runs under load"): a KRaft broker, PostgreSQL and the five services as
# separate processes (their exec jars; kill -9 is real), the SCIM test server as the automated target, and a steady
# load of in-profile LOW requests walking to PROVISIONED. Each fault of the plan runs under that load; after each, the
# load pauses until every accepted request settled and the invariants are checked from the event log alone (topics
# read back, each service's event store): one terminal state per accepted request, no grant provisioned twice, no
# sequence gap, every dead letter explained, the rate recovered. Prints the table (also deploy/target/fault-run.md).
# Loopback only; bounded: each fault takes about 4 windows plus its own length, the wait until requests flow again
# and the settling (each at most 240 s).
#   deploy/fault-run.sh [PLAN] [WINDOW_SECONDS] [RATE]
#   PLAN: comma-separated faults, default poison,kill:request-service,kill:policy-service,kill:approval-service,
#         kill:provisioning-service,kill:review-scheduler,scim
#         poison = a record that is not an event + a duplicated AccessApproved and RequestSubmitted;
#         kill:<service> = kill -9, then started again; scim = the SCIM target down 60 s;
#         broker = the broker stopped (SIGTERM), 30 s down, started again; kill:broker = the same with kill -9;
#         kill:controller = kill -9 of the quorum's active controller (on one broker: as kill:broker);
#         postgres = PostgreSQL stopped, 15 s down, started again;
#         kill:postgres = kill -9 of PostgreSQL's postmaster and every process under it (as a power cut), 15 s down,
#         started again (it recovers from its write-ahead log);
#         kill:brokers = on a cluster of three (FAULT_RUN_BROKERS=3), kill -9 of two brokers at once (the node
#         leading most partitions and the active controller): quorum and min.insync.replicas are lost; 30 s down;
#         both started again at once;
#         join:<service> = a second instance of the service started (same database and broker, its own port; the
#         consumer groups rebalance, tracking-processor segments stay claimed by one instance at a time);
#         leave:<service> = that second instance stopped (SIGTERM, as a scale-in);
#         kill-second:<service> = that second instance killed (kill -9): it leaves no group and releases no claim;
#         leave-first:<service> = the first instance stopped instead (SIGTERM) while the second runs on: the second
#         takes over its claims and is the service's only instance from then on
#         (none but poison, kill:<service> and scim is in the default plan; during join, leave, kill-second (and kill
#         of a service whose second instance runs)
#         phases the service's tokenentry owners are read every second and listed under the phase, and so is each
#         instance's share of the work from the fault's end to the phase's end: deliveries handled per consumer and
#         events its outbox published, from the counters on each instance's /actuator/prometheus)
#   e.g.  deploy/fault-run.sh                       (about 20-25 minutes on 2 cores)
#         deploy/fault-run.sh broker,postgres 20 1
#         deploy/fault-run.sh join:policy-service,leave:policy-service,join:approval-service,leave:approval-service,join:provisioning-service,leave:provisioning-service 20 1
#   FAULT_RUN_BROKERS=3 runs the broker as a KRaft cluster of three processes on loopback (each a broker and a voter
#   of the controller quorum, its own ports and log directory; the services get all three addresses and create their
#   topics with replication 3, min.insync.replicas 2; offsets and transaction state likewise). A broker fault then hits
#   the node leading most partitions (the table names it, and whether it was the active controller); the rate
#   "during" is what was provisioned while it was down, "longest pause" the longest stretch without a grant provisioned.
#   e.g.  FAULT_RUN_BROKERS=3 deploy/fault-run.sh kill:broker,kill:controller 20 1
#   FAULT_RUN_BROKER_SESSION_MS=<ms> sets the cluster's broker.session.timeout.ms (Kafka's default 9000; heartbeats
#   every quarter of it): how long a killed broker keeps its partitions before the controller fences it.
#   FAULT_RUN_SERVICE_ARGS="--a.b=c ..." adds settings to every service's command line, to compare a setting's
#   before and after in the same harness (e.g. --accessledger.spine.consumer-session-timeout=45s, Kafka's default).
#   FAULT_RUN_START_PATIENCE=<seconds> (default 240): how long a restarted or joining service may take to answer UP;
#   one that does not gets a thread dump (kill -3) at the end of its log. Each start's wall time, the CPU it used
#   meanwhile and the load average are listed under "Service starts".
#   Ports: the services bind port 0 and write the port they got to a file (accessledger.server.port-file); the broker,
#   PostgreSQL and the SCIM target, which come back on the same port after a fault, get ports below the kernel's
#   ephemeral range, locked for the run (deploy's Ports), and a first start that finds one taken is made again.
#   The table's "flowing again after" is the broker time from the fault's end (a killed service healthy again) to the
#   first request accepted after it reaching its end; "no person left" counts ticks at which the load had nobody left
#   to ask (it must be 0: the harness imports more people in the background before they run out).
# The reactor build (-pl deploy -am verify) packages the exec jars it runs; nothing is installed.
# Offline by default (MVN_OFFLINE= to allow downloads).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
./mvnw -B -ntp -q ${MVN_OFFLINE--o} -pl deploy -am verify -Dtest=FaultRunner -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfaults.plan="${1:-}" -Dfaults.window="${2:-20}" -Dfaults.rate="${3:-1}" \
  -Dfaults.serviceArgs="${FAULT_RUN_SERVICE_ARGS:-}" -Dfaults.startPatience="${FAULT_RUN_START_PATIENCE:-240}" \
  -Dfaults.brokers="${FAULT_RUN_BROKERS:-1}" -Dfaults.brokerSessionMs="${FAULT_RUN_BROKER_SESSION_MS:-0}" || status=$?
cat deploy/target/fault-run.md 2>/dev/null || true
exit "${status:-0}"
