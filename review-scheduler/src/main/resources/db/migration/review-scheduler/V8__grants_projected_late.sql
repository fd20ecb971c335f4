-- A campaign's grant projected late (issue #12, rest): the announcer pages a campaign's snapshot in grant id order, so a
-- grant granted before the campaign's start whose AccessProvisioned reached this service only after the announcer had
-- passed its place (an id below the cursor) was listed but never announced, and the campaign could close without its
-- outcome. Each grant's row now says when it was projected (its transaction's start, `now()`), so the announcer can
-- look, after its pass, at the grants projected since it began (CampaignOpener, "catch-up"), and the close waits for
-- them. Rows projected before this version say `-infinity`: they were there before any pass that begins from now on.
alter table review_grant add column if not exists projected_at timestamptz not null default '-infinity';
alter table review_grant alter column projected_at set default now();
create index if not exists review_grant_projected on review_grant (projected_at);

-- Where each counted campaign's catch-up stands: the grants projected from this instant on (less the longest a
-- projection's transaction runs) are looked at by its next catch-up. Set at the count; a campaign counted before this
-- version catches up from now on.
alter table campaign_opening add column if not exists caught_up_from timestamptz;
update campaign_opening set caught_up_from = now() where total is not null and caught_up_from is null;
