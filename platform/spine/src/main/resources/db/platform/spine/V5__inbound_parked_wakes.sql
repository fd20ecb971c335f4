-- Wake-ups of records parked because they came before their prerequisite (NotYet) back off on their own: a head is
-- woken by a record handled elsewhere only once it has waited, since its last wake-up try, as long as it had waited
-- before that try (at most park-backoff-max). woken_at: the last such try that found it still not ready; wakes: how
-- many there were (for operators and tests). Its timer (attempts, next_attempt_at) is not theirs.
alter table inbound_parked add column if not exists woken_at timestamptz;
alter table inbound_parked add column if not exists wakes integer not null default 0;
