-- The spine's tables in every service's database: Axon's event store (the outbox) and token store, with bytea
-- payloads (the columns Axon's PostgresEventTableFactory / PostgresTokenTableFactory create, pinned here so that
-- the schema is versioned like the rest; SpineMigrationsTest compares them with Axon's own), and the inbound dedupe.
-- Written with "if not exists": it also runs on a database created before migrations existed.
create table if not exists domainevententry (
    globalIndex          bigserial    not null,
    eventIdentifier      varchar(255) not null,
    metaData             bytea,
    payload              bytea        not null,
    payloadRevision      varchar(255),
    payloadType          varchar(255) not null,
    timeStamp            varchar(255) not null,
    aggregateIdentifier  varchar(255) not null,
    sequenceNumber       bigint       not null,
    type                 varchar(255),
    primary key (globalIndex),
    unique (aggregateIdentifier, sequenceNumber),
    unique (eventIdentifier)
);
create table if not exists snapshotevententry (
    aggregateIdentifier  varchar(255) not null,
    sequenceNumber       bigint       not null,
    type                 varchar(255) not null,
    eventIdentifier      varchar(255) not null,
    metaData             bytea,
    payload              bytea        not null,
    payloadRevision      varchar(255),
    payloadType          varchar(255) not null,
    timeStamp            varchar(255) not null,
    primary key (aggregateIdentifier, sequenceNumber),
    unique (eventIdentifier)
);
create table if not exists tokenentry (
    processorName        varchar(255) not null,
    segment              integer      not null,
    token                bytea,
    tokenType            varchar(255),
    timestamp            varchar(255),
    owner                varchar(255),
    primary key (processorName, segment)
);
-- One row per (consumer, ce_id) applied, written in the same transaction as the effect.
create table if not exists inbound_dedupe (
    consumer             varchar(100) not null,
    event_id             varchar(100) not null,
    topic                varchar(249) not null,
    kafka_partition      integer      not null,
    kafka_offset         bigint       not null,
    processed_at         timestamptz  not null default now(),
    primary key (consumer, event_id)
);
