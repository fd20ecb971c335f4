-- The auditors' read models (platform/audit, package io.accessledger.audit.model). Facts are kept per event, keyed
-- by the event id (a redelivery changes nothing); everything that spans events or topics is joined at query time,
-- so the tables are the same whatever order the records arrive in. Rebuilt from the topics alone by replay.

-- Written and read only by AuditTrailView: one row per event of every business topic.
create table if not exists audit_event (
    event_id          varchar(100) primary key,
    occurred_at       timestamptz  not null,
    -- the business time the event states where it differs from occurredAt: AccessProvisioned.grantedAt,
    -- AccessExpired.expiredAt, an identity event's effectiveOn (00:00 UTC); else occurredAt
    effective_at      timestamptz  not null,
    topic             varchar(100) not null,
    type              varchar(60)  not null,
    subject           text         not null,
    request_id        varchar(100),
    grant_id          varchar(100),
    employee_id       varchar(100),
    entitlement       varchar(300),
    actor_id          varchar(100),
    reason            text,
    -- JOINER | MOVER | LEAVER for the identity events that start a lifecycle case
    lifecycle_kind    varchar(10),
    -- RequestSubmitted.source; AccessRevoked / AccessRevocationRequested revocationReason
    request_source    varchar(20),
    revocation_reason varchar(20),
    correlation_id    text,
    causation_id      text,
    -- the event's own fields as JSON, keys sorted at every level
    details           text         not null
);
create index if not exists audit_event_time on audit_event (occurred_at, event_id);
create index if not exists audit_event_request on audit_event (request_id);
create index if not exists audit_event_grant on audit_event (grant_id);
create index if not exists audit_event_employee on audit_event (employee_id, occurred_at);

-- Written and read only by AccessHistoryView: the openings (AccessProvisioned) and endings (AccessRevoked,
-- AccessExpired) of grant windows, one row per event; a window is paired up at query time.
create table if not exists audit_grant_opened (
    event_id    varchar(100) primary key,
    grant_id    varchar(100) not null,
    request_id  varchar(100) not null,
    employee_id varchar(100) not null,
    resource_id varchar(200) not null,
    entitlement varchar(300) not null,
    target      text,
    granted_at  timestamptz  not null
);
create index if not exists audit_grant_opened_grant on audit_grant_opened (grant_id);
create index if not exists audit_grant_opened_time on audit_grant_opened (granted_at);

create table if not exists audit_grant_ended (
    event_id   varchar(100) primary key,
    grant_id   varchar(100) not null,
    ended_at   timestamptz  not null,
    end_reason varchar(60)  not null
);
create index if not exists audit_grant_ended_grant on audit_grant_ended (grant_id, ended_at);
