-- Records whose handling failed for a reason that may pass (database, SMTP, an outside system, a prerequisite not
-- seen yet), kept to be tried again with capped exponential back-off instead of blocking the partition or going
-- to the dead-letter topic. Records of a key behind a parked one are parked behind it, so a key keeps its order.
create table if not exists inbound_parked (
    id              bigserial    primary key,
    consumer        varchar(100) not null,
    record_key      varchar(255) not null,
    topic           varchar(249) not null,
    kafka_partition integer      not null,
    kafka_offset    bigint       not null,
    headers         text         not null,
    value           bytea,
    reason          text         not null,
    attempts        integer      not null default 0,
    parked_at       timestamptz  not null,
    next_attempt_at timestamptz  not null,
    unique (consumer, topic, kafka_partition, kafka_offset)
);
create index if not exists inbound_parked_key on inbound_parked (consumer, record_key, id);
create index if not exists inbound_parked_due on inbound_parked (next_attempt_at);
