-- Every PolicyPublished document, by version; the version in force is the latest by publication time.
-- Written and read only by io.accessledger.policyinforce.PolicyInForceView; rebuilt from the policy topic by replay.
create table if not exists policy_in_force (
    policy_version varchar(40) primary key,
    document       text        not null,
    published_at   timestamptz not null
);
