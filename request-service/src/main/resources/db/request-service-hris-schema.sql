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
