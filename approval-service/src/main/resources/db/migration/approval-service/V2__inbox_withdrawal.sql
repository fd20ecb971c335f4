-- A request's withdrawal, remembered by the inbox: the task its case opened may arrive after it (the request topic
-- and the service's own approval topic are read independently), and is then stored already withdrawn.
create table if not exists inbox_withdrawal (
    request_id   varchar(64) primary key,
    withdrawn_at timestamptz not null
);
