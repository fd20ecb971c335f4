-- The second kind of review item: ungoverned access found by a reconciliation (no grant, no request; the member may
-- match nobody in the directory). kind GRANT (the first kind) or UNGOVERNED; finding: the evidence, as JSON.
alter table review_item alter column grant_id drop not null;
alter table review_item alter column request_id drop not null;
alter table review_item alter column employee_id drop not null;
alter table review_item add column if not exists kind varchar(20) not null default 'GRANT';
alter table review_item add column if not exists finding text;
