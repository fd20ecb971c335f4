-- One claim per (beneficiary, entitlement) (intake/RequestClaimStore): taken by the intake door in the submission's own
-- transaction, so the second of two submissions seconds apart — two portal requests with different Idempotency-Keys,
-- a portal request racing a birthright request — waits for the first's transaction on this row and is refused
-- (the door's other checks read views that run seconds behind). Released when the request ends without a grant
-- (withdrawn, denied, provisioning failed) or its grant ends (revoked, expired): so it is held until the holdings
-- view has long had the grant.
create table if not exists request_claim (
    beneficiary_id varchar(64) not null,
    entitlement    text        not null,
    request_id     varchar(64) not null,
    claimed_at     timestamptz not null,
    primary key (beneficiary_id, entitlement)
);
create index if not exists request_claim_request on request_claim (request_id);
