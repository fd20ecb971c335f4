-- request-service read models. Rebuilt from the topics by replay; nothing here is the source of truth.
create table if not exists directory_employee (
    employee_id      varchar(64) primary key,
    name             text,
    email            text,
    department       text,
    job_title        text,
    manager_id       varchar(64),
    employment_type  varchar(20),
    status           varchar(20),
    training_on      date,
    background_check varchar(20),
    mfa_enrolled     boolean,
    as_of            timestamptz not null
);
create table if not exists catalog_policy (
    policy_version varchar(40) primary key,
    document       text        not null,
    published_at   timestamptz not null
);
create table if not exists request_view (
    request_id               varchar(64) primary key,
    status                   varchar(20),
    status_rank              integer,
    status_at                timestamptz,
    requester_id             varchar(64),
    beneficiary_id           varchar(64),
    resource_id              text,
    access_level             text,
    justification            text,
    access_duration          varchar(40),
    bundle_id                varchar(64),
    source                   varchar(20),
    exceeds_standard_profile boolean,
    conditions               text,
    grant_id                 varchar(64),
    submitted_at             timestamptz
);
create index if not exists request_view_beneficiary on request_view (beneficiary_id);
create table if not exists request_timeline (
    seq        bigserial,
    event_id   varchar(100) primary key,
    request_id varchar(64)  not null,
    type       varchar(60)  not null,
    at         timestamptz  not null,
    actor_id   varchar(64),
    reason     text,
    details    text         not null
);
create index if not exists request_timeline_request on request_timeline (request_id, at, seq);
create table if not exists request_flag (
    request_id varchar(64) not null,
    flag       varchar(120) not null,
    primary key (request_id, flag)
);
create table if not exists idempotency_key (
    requester_id varchar(64)  not null,
    idem_key     varchar(200) not null,
    request_id   varchar(64)  not null,
    response     text,
    primary key (requester_id, idem_key)
);
create table if not exists held_grant (
    grant_id    varchar(64) primary key,
    employee_id varchar(64) not null,
    entitlement text        not null
);
create index if not exists held_grant_employee on held_grant (employee_id);

-- request-service: HR-system webhooks (package io.accessledger.request.hris).
-- Deliveries already received: the same webhook delivery twice has one effect.
create table if not exists hris_webhook_delivery (
    source      varchar(20)  not null,
    delivery_id varchar(300) not null,
    received_at timestamptz  not null,
    primary key (source, delivery_id)
);
-- Effective-dated events (Workday): PENDING until their date, APPLIED, CANCELLED by a rescind (or a tombstone
-- for a rescind that came before its event), RESCINDED_AFTER_APPLY (recorded, nothing undone).
create table if not exists hris_effective_dated_event (
    source       varchar(20)  not null,
    event_ref    varchar(200) not null,
    employee_id  varchar(64),
    effective_on date,
    state        varchar(30)  not null,
    payload      text,
    rescinded_by varchar(200),
    received_at  timestamptz  not null,
    decided_at   timestamptz,
    primary key (source, event_ref)
);
create index if not exists hris_effective_dated_event_due on hris_effective_dated_event (state, effective_on);
-- Employees named by event-based BambooHR deliveries (no field values), fetched from BambooHR's API by a scheduled
-- job: PENDING (next_attempt_at: the next try, or the end of a running try's lease), FETCHED, REFUSED (a permanent
-- 4xx), GAVE_UP (the retry budget spent). Written in the same transaction as the delivery's hris_webhook_delivery row.
create table if not exists hris_bamboohr_fetch (
    delivery_id     varchar(300) not null,
    employee_id     varchar(64)  not null,
    event_type      varchar(40)  not null,
    state           varchar(20)  not null,
    attempts        integer      not null,
    next_attempt_at timestamptz  not null,
    last_error      text,
    received_at     timestamptz  not null,
    decided_at      timestamptz,
    primary key (delivery_id, employee_id)
);
create index if not exists hris_bamboohr_fetch_due on hris_bamboohr_fetch (state, next_attempt_at);

-- request-service: ServiceNow intake (package io.accessledger.request.servicenow).
-- Each RITM (by its sys_id) becomes at most one request: a repeat delivery answers the same request id.
create table if not exists servicenow_ritm (
    sys_id      varchar(64)  not null primary key,
    number      varchar(40),
    request_id  varchar(80)  not null,
    received_at timestamptz  not null
);
create index if not exists servicenow_ritm_request on servicenow_ritm (request_id);
-- Every write-back to the RITM (PATCH sc_req_item: work note + state): DELIVERED or FAILED, with its attempts.
-- event_id is the AccessLedger event written back, or 'refused:<sys_id>:<at>' for a refusal at the door.
create table if not exists servicenow_writeback (
    event_id   varchar(200) not null primary key,
    sys_id     varchar(64)  not null,
    state      varchar(4),
    status     varchar(20)  not null,
    attempts   integer      not null,
    last_error text,
    at         timestamptz  not null
);
create index if not exists servicenow_writeback_ritm on servicenow_writeback (sys_id);
