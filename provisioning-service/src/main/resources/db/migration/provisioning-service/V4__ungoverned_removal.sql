-- Removals of ungoverned access from a target (issue #12 point 5): one row per removal, REMOVED with the target's
-- reference or FAILED with the target's answer, so a removal that could not be made is never lost. Operational
-- state, kept in the removal command's own transaction by an Axon subscribing handler; owned by
-- reconciliation/UngovernedRemovalsView and read by GET /api/v1/reconciliations/removals.
create table if not exists ungoverned_removal (
    removal_id   varchar(64) primary key,
    finding_id   varchar(64) not null,
    target       text        not null,
    entitlement  text,
    grp          text,
    member_id    text        not null,
    user_name    text,
    cause        varchar(20) not null,
    removed_by   varchar(64),
    status       varchar(20) not null,
    attempts     int         not null,
    answer       text,
    at           timestamptz not null
);
create index if not exists ungoverned_removal_by_status on ungoverned_removal (status, at desc);
