-- request-service: ServiceNow intake (package io.accessledger.request.servicenow).
-- Each RITM (by its sys_id) becomes at most one request: a repeat delivery answers the same request id.
create table if not exists servicenow_ritm (
    sys_id      varchar(64)  not null primary key,
    number      varchar(40),
    request_id  varchar(80)  not null,
    received_at timestamptz  not null
);
create index if not exists servicenow_ritm_request on servicenow_ritm (request_id);
-- Every write-back to the RITM (PATCH sc_req_item: work note + state): DELIVERED or FAILED, with its attempts.
-- event_id is the AccessLedger event written back, or 'refused:<sys_id>:<at>' for a refusal at the door.
create table if not exists servicenow_writeback (
    event_id   varchar(200) not null primary key,
    sys_id     varchar(64)  not null,
    state      varchar(4),
    status     varchar(20)  not null,
    attempts   integer      not null,
    last_error text,
    at         timestamptz  not null
);
create index if not exists servicenow_writeback_ritm on servicenow_writeback (sys_id);
