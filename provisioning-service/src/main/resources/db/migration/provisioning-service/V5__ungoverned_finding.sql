-- The member each finding of ungoverned access names, with the target's own sign-in name (SCIM userName, Okta login,
-- Entra UPN), so a removal a review asks for (whose request carries only the member's id) publishes
-- UngovernedAccessRemoved with the member's userName. One row per finding id (the same in every run that finds it
-- again). Operational state, kept in the reconciliation command's own transaction by an Axon subscribing handler;
-- owned by reconciliation/UngovernedFindingsStore.
create table if not exists ungoverned_finding (
    finding_id  varchar(64) primary key,
    member_id   text        not null,
    user_name   text
);
