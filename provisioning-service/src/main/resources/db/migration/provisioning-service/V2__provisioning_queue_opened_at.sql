-- When each grant was opened, so the grants list shows a grant from its approval on (as PROVISIONING, while its
-- connector retries and before it published anything) from provisioning_queue alone: grant_view is now written only
-- from the service's topic. Grants opened before this version were already written to grant_view when opened, so
-- the column stays empty for them.
alter table provisioning_queue add column if not exists opened_at timestamptz;
