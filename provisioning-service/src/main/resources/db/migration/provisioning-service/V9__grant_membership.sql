-- Who needs each target membership (grants/MembershipStore): one row per grant, kept by the grant's own events in the
-- transaction that records them (the subscribing processor provisioning-queue). Connectors act on a membership (a
-- group membership of the person's account), not on a grant, and two grants of one person for one entitlement on
-- one target share it: a grant's revocation removes it only when no other grant of that key HOLDS it (provisioning,
-- fulfilment, active), and a grant's provisioning is asked again while another grant of the key is REMOVING it or
-- recorded its removal since the call was due. state: HOLDING, REMOVING, RELEASED; removed_at: when this grant's
-- revocation recorded the membership removed (null when it was kept for another grant, or never removed).
create table if not exists grant_membership (
    grant_id    varchar(64) primary key,
    request_id  varchar(64) not null,
    employee_id varchar(64) not null,
    entitlement text        not null,
    target      text        not null,
    state       varchar(10) not null,
    removed_at  timestamptz
);
create index if not exists grant_membership_key on grant_membership (employee_id, entitlement, target);
-- The grants holding a membership of one entitlement on one target: what a removal of ungoverned access checks
-- (reconciliation/ActiveGrants.governing), which grant_view shows only seconds after the grant is provisioned.
create index if not exists grant_membership_holding on grant_membership (target, entitlement) where state = 'HOLDING';
-- The grants opened before this table: every one has its provisioning_queue row (written with GrantOpened); a grant
-- still granting, or active by grant_view (which runs behind the topic by seconds: a grant provisioned in those
-- seconds counts as released until its next event), holds its membership; one whose connector is revoking it
-- removes it (one waiting for a person's revocation reads as active there, and counts as holding).
insert into grant_membership (grant_id, request_id, employee_id, entitlement, target, state)
select q.grant_id, q.request_id, q.employee_id, q.entitlement, q.target,
       case when q.operation = 'REVOKE' then 'REMOVING'
            when q.operation = 'GRANT' or v.status in ('ACTIVE', 'PROVISIONING') then 'HOLDING'
            else 'RELEASED' end
from provisioning_queue q left join grant_view v on v.grant_id = q.grant_id
on conflict (grant_id) do nothing;
