-- audit_grant_opened_time (granted_at) served no query: the access windows (AccessHistoryView) take each grant's
-- earliest opening with `distinct on (grant_id)` over the whole table, by audit_grant_opened_grant, and filter on
-- granted_at only after it; no plan of the audit API's or accessledger-audit's queries used it
-- (docs/BENCHMARKS.md, "Audit replay", sixth round). Its upkeep on every opening, and its build in a replay, go.
drop index if exists audit_grant_opened_time;
