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
    manager_id  varchar(64),
    as_of       timestamptz not null
);
-- The connector calls still to make, one row per grant: written by the grant's own events in the same transaction
-- (a subscribing processor, provisioning-queue), taken by the connector worker when due. leased_until keeps two
-- workers (two instances) off the same row; the grant ignores any report but that of the attempt it waits for.
create table if not exists provisioning_queue (
    grant_id       varchar(64) primary key,
    request_id     varchar(64) not null,
    employee_id    varchar(64) not null,
    entitlement    text        not null,
    target         text        not null,
    resource_owner varchar(64),
    operation      varchar(10) not null,
    attempt        integer     not null,
    due_at         timestamptz not null,
    leased_until   timestamptz,
    last_answer    text,
    last_attempt_at timestamptz
);
create index if not exists provisioning_queue_due on provisioning_queue (due_at);
-- Each grant's connector history, for the grants view: attempts made and the target's last answer.
create table if not exists grant_attempts (
    grant_id        varchar(64) primary key,
    attempts        integer     not null,
    last_answer     text,
    next_attempt_at timestamptz
);
-- The entitlement catalog as SailPoint ISC aggregates it (sailpoint/SailPointCatalogView): every resource:level of every
-- published policy version, from PolicyPublished on the policy topic. in_catalog is false once a later version no
-- longer has it (kept, because grants of it may still be active and ISC must resolve them).
create table if not exists sailpoint_entitlement (
    entitlement    text primary key,
    resource_id    text        not null,
    level          text        not null,
    resource_name  text,
    target         text,
    owner_id       varchar(64),
    sensitivity    varchar(20),
    privileged     boolean     not null,
    policy_version text        not null,
    in_catalog     boolean     not null,
    described_at   timestamptz not null
);
