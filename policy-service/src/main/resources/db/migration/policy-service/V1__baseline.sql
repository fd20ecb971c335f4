-- policy-service state beside the Axon store.
-- policy_version is written in the publishing transaction (subscribing processor); the rest are read models
-- rebuilt from the topics.
create table if not exists policy_version (
    version_number integer primary key,
    policy_version varchar(40) not null unique,
    document       text        not null,
    published_at   timestamptz not null,
    published_by   varchar(64),
    summary        text
);
create table if not exists person (
    employee_id varchar(64) primary key,
    profile     text        not null,
    as_of       timestamptz not null
);
create table if not exists held_access (
    grant_id    varchar(64) primary key,
    employee_id varchar(64) not null,
    entitlement text        not null
);
create index if not exists held_access_employee on held_access (employee_id);
create table if not exists pending_access (
    request_id  varchar(64) primary key,
    employee_id varchar(64) not null,
    entitlement text        not null
);
create index if not exists pending_access_employee on pending_access (employee_id);
create table if not exists ended_request (
    request_id varchar(64) primary key
);
create table if not exists request_seen (
    request_id      varchar(64) primary key,
    beneficiary_id  varchar(64) not null,
    resource_id     text        not null,
    access_level    text        not null,
    access_duration varchar(40)
);
create table if not exists evaluation_log (
    cause_id       varchar(100) primary key,
    request_id     varchar(64)  not null,
    evaluated_at   timestamptz  not null,
    policy_version varchar(40)  not null,
    input          text         not null,
    verdict        text         not null
);
create index if not exists evaluation_log_at on evaluation_log (evaluated_at);
