-- Tamper evidence (docs/AUDIT.md): the outbox's hash chain and Merkle tree, updated in the outbox's own transaction.
-- Per topic the service owns: the next leaf index, the Merkle frontier (the roots of the perfect subtrees, 32 bytes
-- each, largest first) and the tree size the last signed checkpoint covered.
create table if not exists chain_topic (
    topic             varchar(249) primary key,
    next_index        bigint not null,
    frontier          bytea  not null,
    checkpointed_size bigint not null default 0
);

-- Per (topic, key): the position and chain hash of the key's last published event.
create table if not exists chain_key (
    topic     varchar(249) not null,
    key       text         not null,
    last_seq  bigint       not null,
    last_hash char(64)     not null,
    primary key (topic, key)
);
