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
    primary key (requester_id, idem_key)
);
create table if not exists held_grant (
    grant_id    varchar(64) primary key,
    employee_id varchar(64) not null,
    entitlement text        not null
);
create index if not exists held_grant_employee on held_grant (employee_id);
alter table idempotency_key add column if not exists response text;
