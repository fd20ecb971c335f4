-- provisioning-service read models, rebuilt from its topic.
create table if not exists fulfilment_task (
    task_id      varchar(64) primary key,
    grant_id     varchar(64) not null,
    request_id   varchar(64) not null,
    employee_id  varchar(64) not null,
    entitlement  text        not null,
    target       text        not null,
    action       varchar(20) not null,
    assignee_id  varchar(64),
    queue        varchar(20),
    status       varchar(20) not null,
    opened_at    timestamptz not null,
    completed_by varchar(64),
    reference    text
);
create table if not exists grant_view (
    grant_id      varchar(64) primary key,
    request_id    varchar(64) not null,
    employee_id   varchar(64) not null,
    entitlement   text        not null,
    target        text        not null,
    status        varchar(20) not null,
    status_at     timestamptz not null,
    granted_at    timestamptz,
    expires_at    timestamptz,
    review_due_at timestamptz
);
create index if not exists grant_view_employee on grant_view (employee_id, status);
-- Whom a task notification is written to: each person's name and e-mail, from the identity topic (email-directory).
create table if not exists notification_recipient (
    employee_id varchar(64) primary key,
    name        text,
    email       text,
    status      varchar(20),
    as_of       timestamptz not null
);
