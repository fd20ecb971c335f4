-- A grant's asked-for revocation is its own fact, kept apart from the calendar row it silences: the review topic's
-- AccessRevocationRequested may be projected before the provisioning topic's AccessProvisioned (a rebuild reads the
-- topics in any interleaving), and an update of a row not there yet was lost. The earliest request wins.
create table if not exists review_revocation_requested (
    grant_id     varchar(64) primary key,
    requested_at timestamptz not null
);
insert into review_revocation_requested (grant_id, requested_at)
    select grant_id, expiry_requested_at from review_calendar where expiry_requested_at is not null
    on conflict do nothing;
alter table review_calendar drop column if exists expiry_requested_at;
