-- The ids of a campaign's snapshot items, kept when the announcer counts the snapshot (issue #12, rest). An item's id is
-- a name-based hash of the campaign and the grant (CampaignOpener.itemIdOf: UUID v3), which cannot be turned back into
-- the grant: a look at an item not announced yet by someone who is not its reviewer (an oversight role, the holder)
-- computed the id of every item of the snapshot. Keyed by the campaign and the id's UUID (the id without its `RI-`);
-- not a projection (a function of the campaign and the grant only, so a rebuild leaves it alone); a campaign's rows
-- are deleted when it closes.
create table if not exists review_snapshot_item (
    campaign_id varchar(64) not null,
    item        uuid        not null,
    grant_id    varchar(64) not null,
    primary key (campaign_id, item)
);
