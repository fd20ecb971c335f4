-- The waiting rows by target, then by when they are due (ConnectorWorker's takes): the take for one target reads that
-- target's due rows in due order, and the worker finds which targets have waiting rows with one probe per target (a
-- loose scan of this index). The take for "every target not configured" read every due row through
-- provisioning_queue_waiting (V7) and dropped those of the configured targets: behind a backlog, the whole backlog at
-- every take, 765 of the 1,004 provisioning_queue rows read per request at 15 requests/s (docs/BENCHMARKS.md,
-- "End-to-end", "Twelfth round"). provisioning_queue_waiting stays for the look for anything due, of any target.
create index if not exists provisioning_queue_waiting_target on provisioning_queue (target, due_at)
    where operation <> 'NONE';
