-- approval-service read models, rebuilt from the topics.
create table if not exists directory_employee (
    employee_id varchar(64) primary key,
    manager_id  varchar(64),
    status      varchar(20),
    as_of       timestamptz not null
);
create table if not exists inbox_request (
    request_id      varchar(64) primary key,
    requester_id    varchar(64) not null,
    beneficiary_id  varchar(64) not null,
    entitlement     text        not null,
    justification   text,
    access_duration varchar(40),
    submitted_at    timestamptz not null
);
create table if not exists inbox_evaluation (
    request_id     varchar(64) primary key,
    policy_version varchar(40),
    risk_level     varchar(20),
    findings       text,
    stages         text,
    evaluated_at   timestamptz not null
);
create table if not exists inbox_task (
    task_id     varchar(64) primary key,
    request_id  varchar(64) not null,
    stage       varchar(20) not null,
    assignee_id varchar(64),
    queue       varchar(20),
    due_at      timestamptz not null,
    opened_at   timestamptz not null,
    status      varchar(20) not null,
    decided_by  varchar(64),
    decided_at  timestamptz
);
create index if not exists inbox_task_assignee on inbox_task (status, assignee_id);
create index if not exists inbox_task_queue on inbox_task (status, queue);
alter table inbox_task add column if not exists delegate_id varchar(64);
alter table inbox_task add column if not exists reminded_at timestamptz;
alter table inbox_task add column if not exists escalation_level integer not null default 0;
create index if not exists inbox_task_due on inbox_task (status, due_at);
-- Personal configuration: who is away and who covers (its effect is recorded as TaskDelegated events).
create table if not exists out_of_office (
    employee_id varchar(64) primary key,
    cover_id    varchar(64) not null,
    from_at     timestamptz not null,
    until_at    timestamptz not null,
    reason      text
);
create table if not exists inbox_task_history (
    event_id varchar(100) primary key,
    task_id  varchar(64)  not null,
    at       timestamptz  not null,
    actor_id varchar(64),
    what     text         not null
);
create index if not exists inbox_task_history_task on inbox_task_history (task_id, at);
