-- Review campaigns (issue #12). Read models, rebuilt from the topics; each fact in its own row so that any
-- interleaving of topics gives the same answer (joined at query time).

-- grants/GrantHistoryView: what review-scheduler knows of grants, how they came to be, and their holders.
create table if not exists review_person (
    employee_id         varchar(64) primary key,
    name                text,
    manager_id          varchar(64),
    department          text,
    job_title           text,
    status              varchar(20),
    updated_at          timestamptz not null,
    position_changed_at timestamptz,
    terminated_on       date
);
create index if not exists review_person_department on review_person (department);
create table if not exists review_grant (
    grant_id       varchar(64) primary key,
    request_id     varchar(64) not null,
    employee_id    varchar(64) not null,
    entitlement    text        not null,
    resource_id    text        not null,
    connector      text,
    reference      text,
    provisioned_by varchar(64),
    conditions     text,
    granted_at     timestamptz not null,
    expires_at     timestamptz,
    review_due_at  timestamptz not null
);
create index if not exists review_grant_request on review_grant (request_id);
create index if not exists review_grant_employee on review_grant (employee_id);
create table if not exists review_grant_ended (
    grant_id varchar(64) primary key,
    ended_at timestamptz not null
);
create table if not exists review_approval (
    request_id     varchar(64) primary key,
    resource_id    text,
    owner_id       varchar(64),
    sensitivity    varchar(20),
    tags           text[]      not null default '{}',
    privileged     boolean     not null default false,
    approved_by    text[]      not null default '{}',
    conditions     text,
    policy_version varchar(40),
    review_cadence_s bigint,
    approved_at    timestamptz not null
);
create table if not exists review_request (
    request_id    varchar(64) primary key,
    requester_id  varchar(64),
    justification text,
    ticket_ref    text,
    submitted_at  timestamptz not null
);
-- A grant's reviews: when it was last asked, last settled (any outcome) and last certified; and since when its
-- revocation is asked for (any reason), after which no campaign takes it.
create table if not exists review_grant_review (
    grant_id                varchar(64) primary key,
    last_requested_at       timestamptz,
    last_settled_at         timestamptz,
    last_certified_at       timestamptz,
    revocation_requested_at timestamptz
);

-- items/ReviewItemsView: campaigns and their items.
create table if not exists review_campaign (
    campaign_id       varchar(64) primary key,
    name              text        not null,
    scope             text        not null,
    reviewer_kind     varchar(20) not null,
    reviewer_group    text,
    ends_at           timestamptz not null,
    remind_before     text        not null,
    non_response      varchar(20) not null,
    escalation_period text,
    started_by        varchar(64),
    started_at        timestamptz not null,
    closed_at         timestamptz,
    closed_counts     text
);
create table if not exists review_item (
    item_id              varchar(64) primary key,
    campaign_id          varchar(64) not null,
    grant_id             varchar(64) not null,
    request_id           varchar(64) not null,
    employee_id          varchar(64) not null,
    entitlement          text        not null,
    reviewer_id          varchar(64),
    reviewer_group       text,
    delegate_id          varchar(64),
    reviewer_approved_it boolean     not null,
    due_at               timestamptz not null,
    requested_at         timestamptz not null,
    reminders            int         not null default 0,
    escalated            boolean     not null default false,
    outcome              varchar(30),
    decided_by           varchar(64),
    decided_at           timestamptz,
    comment              text
);
create index if not exists review_item_campaign on review_item (campaign_id, outcome);
create index if not exists review_item_reviewer on review_item (reviewer_id, due_at, item_id);
create index if not exists review_item_delegate on review_item (delegate_id) where delegate_id is not null;
create index if not exists review_item_group on review_item (reviewer_group, due_at, item_id) where reviewer_group is not null;
create index if not exists review_item_open_due on review_item (due_at, item_id) where outcome is null;
create index if not exists review_item_grant on review_item (grant_id);

-- campaigns/CampaignOpeningStore: how far each campaign's opener got (operational state, not a read model).
create table if not exists campaign_opening (
    campaign_id    varchar(64) primary key,
    after_grant_id varchar(64) not null default '',
    opened         bigint      not null default 0,
    done           boolean     not null default false
);
