-- review-scheduler read models, rebuilt from the topics.
create table if not exists review_calendar (
    grant_id      varchar(64) primary key,
    request_id    varchar(64) not null,
    employee_id   varchar(64) not null,
    entitlement   text        not null,
    review_due_at timestamptz not null,
    expires_at    timestamptz
);
