-- The spine's own table: one row per (consumer, ce_id) applied, written in the same transaction as the effect.
create table if not exists inbound_dedupe (
    consumer        varchar(100) not null,
    event_id        varchar(100) not null,
    topic           varchar(249) not null,
    kafka_partition integer      not null,
    kafka_offset    bigint       not null,
    processed_at    timestamptz  not null default now(),
    primary key (consumer, event_id)
);
