-- The items the announcer's catch-up announced (campaigns/CampaignOpeningStore, their only writer and reader): a
-- campaign closes only once the review-items view has each of them, however far the review topic lags.
create table if not exists campaign_late_item (
    campaign_id varchar(64) not null,
    item_id     varchar(64) not null,
    primary key (campaign_id, item_id)
);
