-- The calls still to make, by when they are due: only the rows whose grant waits for a call (operation <> 'NONE').
-- A finished grant keeps its row (operation 'NONE', due 'infinity'), so the table grows with every grant ever opened;
-- the connector worker's once-a-second look for anything due (ProvisioningQueueStore.anyDue) was planned as a scan of
-- the whole table (about 1,000 rows at the end-to-end benchmark's size: docs/BENCHMARKS.md "Eleventh round"), and its
-- take read the parked rows' index entries too. This index holds the waiting rows only: both read the queue, not its
-- history, and a parked row costs no index entry.
create index if not exists provisioning_queue_waiting on provisioning_queue (due_at) where operation <> 'NONE';
drop index if exists provisioning_queue_due;
