-- Which connector worker holds a provisioning_queue row's lease (ConnectorWorker): the worker renews the leases of
-- the calls it is making, and only those it still holds, so the lease can be short and a row a dead worker held is
-- taken again soon (docs/RELIABILITY.md "Fault runs under load").
alter table provisioning_queue add column if not exists leased_by varchar(100);
