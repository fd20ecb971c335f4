-- Campaign snapshots (issue #12 point 7): a campaign's items are the grants in its scope at its start, read from the
-- grant history until the announcer has announced them. A manager's page of a MANAGER campaign's unannounced items
-- starts from the holders they manage; the announcer records the snapshot's size when it begins.
create index if not exists review_person_manager on review_person (manager_id);
alter table campaign_opening add column if not exists total bigint;
