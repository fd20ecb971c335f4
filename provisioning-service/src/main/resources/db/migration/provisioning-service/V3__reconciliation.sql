-- Reconciliations of a target (issue #12 point 5): one row per run, its progress written as it goes so
-- GET /api/v1/reconciliations/{id} shows it. Operational state, owned by reconciliation/ReconciliationStore. The
-- partial unique index lets one run per target be RUNNING at a time, across instances; a run whose instance died
-- stops holding its target once lease_until has passed.
create table if not exists reconciliation_run (
    reconciliation_id  varchar(64) primary key,
    target             text        not null,
    trig               varchar(20) not null,
    requested_by       varchar(64),
    status             varchar(20) not null,
    entitlements_total int         not null default 0,
    entitlements_done  int         not null default 0,
    members_read       bigint      not null default 0,
    grants_compared    bigint      not null default 0,
    ungoverned         bigint      not null default 0,
    accepted           bigint      not null default 0,
    drifted            bigint      not null default 0,
    failure            text,
    started_at         timestamptz not null,
    ended_at           timestamptz,
    lease_until        timestamptz not null
);
create unique index if not exists reconciliation_running on reconciliation_run (target) where status = 'RUNNING';
create index if not exists reconciliation_by_target on reconciliation_run (target, started_at desc);
-- Ungoverned access the resource owner kept (UngovernedAccessAccepted, review topic; consumer ungoverned-accepted,
-- owned by reconciliation/AcceptedFindingsView): later runs count these members as accepted, not as new findings.
create table if not exists ungoverned_accepted (
    finding_id  varchar(64) primary key,
    target      text        not null,
    member_id   text        not null,
    reviewer_id varchar(64),
    accepted_at timestamptz not null
);
