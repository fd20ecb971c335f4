-- Dead letters of consumers that run on every instance (a consumer group per instance, so each instance reads every
-- record): the instance that claims a record's coordinates here sends its dead letter, in the transaction that holds
-- the claim, committed only once the broker has the letter; the other instances find the claim and send nothing.
create table if not exists inbound_dead_lettered (
    consumer         varchar(100) not null,
    topic            varchar(249) not null,
    kafka_partition  integer      not null,
    kafka_offset     bigint       not null,
    dead_lettered_at timestamptz  not null,
    primary key (consumer, topic, kafka_partition, kafka_offset)
);
