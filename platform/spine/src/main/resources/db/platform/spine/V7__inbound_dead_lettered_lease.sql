-- Dead-letter claims of every-instance consumers hold no connection while the broker takes the letter
-- (docs/RELIABILITY.md): the claim is committed at once, with the record and a lease (claimed_by, lease_until); its
-- instance sends the letter, then marks it sent (sent_at, dropping the record). A claim still unsent once its lease is
-- over (its instance crashed before sending) is taken over and sent by another instance's pass. Sent claims are pruned
-- after accessledger.spine.dead-letter-claim-retention (dead_lettered_at: when the record was first claimed).
-- Rows claimed before (V6) were committed only once sent, as are the rows of an instance still running that code
-- during a rolling upgrade: sent_at defaults to the time of the insert for them.
alter table inbound_dead_lettered add column if not exists sent_at timestamptz default now();
update inbound_dead_lettered set sent_at = dead_lettered_at;
alter table inbound_dead_lettered add column if not exists claimed_by varchar(100);
alter table inbound_dead_lettered add column if not exists lease_until timestamptz;
alter table inbound_dead_lettered add column if not exists record_key text;
alter table inbound_dead_lettered add column if not exists headers text;
alter table inbound_dead_lettered add column if not exists value bytea;
alter table inbound_dead_lettered add column if not exists kind varchar(20);
alter table inbound_dead_lettered add column if not exists reason text;
create index if not exists inbound_dead_lettered_unsent on inbound_dead_lettered (lease_until) where sent_at is null;
create index if not exists inbound_dead_lettered_age on inbound_dead_lettered (dead_lettered_at);
