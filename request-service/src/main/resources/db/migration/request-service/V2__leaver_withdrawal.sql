-- Operational state of the joiner/mover/leaver consumer, not a projection: terminations dated ahead, whose
-- undecided requests are withdrawn when the date comes (lifecycle/LeaverWithdrawalStore, its only writer and reader).
create table if not exists leaver_withdrawal (
    employee_id    varchar(64) primary key,
    effective_on   date        not null,
    termination_id varchar(64) not null
);
create index if not exists leaver_withdrawal_due on leaver_withdrawal (effective_on);
