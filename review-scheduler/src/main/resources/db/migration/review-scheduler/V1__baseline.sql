-- review-scheduler baseline: the schema as it was before versioned migrations (runs on such a database too).
-- Read models, rebuilt from the topics.
create table if not exists review_calendar (
    grant_id      varchar(64) primary key,
    request_id    varchar(64) not null,
    employee_id   varchar(64) not null,
    entitlement   text        not null,
    review_due_at timestamptz not null,
    expires_at    timestamptz,
    expiry_requested_at timestamptz
);
create table if not exists held_grant (
    grant_id    varchar(64) primary key,
    request_id  varchar(64) not null,
    employee_id varchar(64) not null,
    entitlement text        not null
);
create index if not exists held_grant_employee on held_grant (employee_id);
create table if not exists leaver (
    employee_id  varchar(64) primary key,
    effective_on date        not null,
    cause_id     varchar(100),
    done         boolean     not null default false
);
create table if not exists policy_version (
    policy_version varchar(40) primary key,
    document       text        not null,
    published_at   timestamptz not null
);
create table if not exists request_submitted (
    request_id   varchar(64) primary key,
    submitted_at timestamptz not null
);
create table if not exists mover (
    employee_id  varchar(64) primary key,
    effective_on date        not null,
    department   text,
    job_title    text,
    cause_id     varchar(100),
    done         boolean     not null default false
);
