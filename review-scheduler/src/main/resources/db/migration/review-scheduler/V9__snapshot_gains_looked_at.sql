-- What else a campaign's live snapshot gains after the announcer's count (issue #12, rest). Besides a grant projected
-- late (V8), a grant joins a snapshot when another of the facts it is joined with changes: its approval projected late
-- (a scope by sensitivity, tags or privilege, or a due-date campaign's cadence), its holder's row projected late or
-- moved into the scope's department, or its review in another campaign settled (a due-date campaign takes no grant under
-- review). Those grants were listed as unannounced items but never announced: the catch-up looked only at review_grant.
-- Each of these rows now says when it last changed in a way that can add its grant to a snapshot, indexed, so the
-- catch-up looks at those grants too (CampaignOpener, GrantHistoryView.changedSince). Rows before this version say
-- `-infinity`: they were there before any catch-up that begins from now on. Each column's default is then the clock's
-- (`now()`), as V8's is: a rebuild's comparison with the live tables leaves such columns out (when a row was projected
-- differs between the two; what it says does not).

-- An approval is written once (its request's): when it was projected.
alter table review_approval add column if not exists projected_at timestamptz not null default '-infinity';
alter table review_approval alter column projected_at set default now();
create index if not exists review_approval_projected on review_approval (projected_at);

-- A person: when the row was inserted or its department changed (GrantHistoryView writes it; other changes leave it).
alter table review_person add column if not exists projected_at timestamptz not null default '-infinity';
alter table review_person alter column projected_at set default now();
create index if not exists review_person_projected on review_person (projected_at);

-- A grant's reviews: when its last settlement moved (GrantHistoryView writes it; a review asked, a certification or a
-- revocation asked only takes a grant out of a snapshot).
alter table review_grant_review add column if not exists projected_at timestamptz not null default '-infinity';
alter table review_grant_review alter column projected_at set default now();
create index if not exists review_grant_review_projected on review_grant_review (projected_at);
