-- The mover's new manager: who reviews the access the move keeps outside the new position's standard profile.
alter table mover add column if not exists manager_id varchar(64);
