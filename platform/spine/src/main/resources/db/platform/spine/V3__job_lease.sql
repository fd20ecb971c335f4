-- Leases of scheduled jobs: a job of a service runs on one instance at a time, however many instances run it.
create table if not exists job_lease (
    job          varchar(100) primary key,
    owner        varchar(200) not null,
    locked_until timestamptz  not null
);
