package io.accessledger.review.items;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.review.AccessCertified;
import io.accessledger.events.review.AccessReviewRejected;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.AccessReviewUnanswered;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewCampaignClosed;
import io.accessledger.events.review.ReviewCampaignStarted;
import io.accessledger.events.review.ReviewDelegated;
import io.accessledger.events.review.ReviewEscalated;
import io.accessledger.events.review.ReviewReminderSent;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.events.review.UngovernedAccessAccepted;
import io.accessledger.events.review.UngovernedAccessRemovalRequested;
import io.accessledger.events.review.UngovernedAccessReviewReminderSent;
import io.accessledger.events.review.UngovernedAccessReviewRequested;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.replay.ReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Review campaigns and their items ({@code review_campaign}, {@code review_item}), projected from the service's own
 * review topic: what reviewers list and open, what a campaign's progress shows, and what the watch pages through
 * (reminders due, items past their due time, campaigns all of whose items have an outcome). A campaign's events are
 * keyed by the campaign and an item's by its grant, so each row's events arrive in order; the two are joined only at
 * query time. Its only writer and reader.
 */
@Component
public class ReviewItemsView implements ReadModel {
    /** What an item reviews: a grant, or access that no grant explains (a reconciliation's finding). */
    public enum Kind {
        GRANT, UNGOVERNED
    }

    /**
     * The evidence of an UNGOVERNED item: the finding (the same in every reconciliation that finds it), the target's
     * group and member, and the employee the member matched in the directory (null when nobody).
     */
    public record Finding(String findingId, String target, String group, String memberId, String userName,
            EmployeeId matchedEmployee) {
    }

    /** An item's outcome as this view records it. */
    public enum Outcome {
        CERTIFIED, REVOKED, REVOKED_UNANSWERED, KEPT_FLAGGED
    }

    private static final String ITEM_COLUMNS = """
            item_id, campaign_id, grant_id, request_id, employee_id, entitlement, reviewer_id, reviewer_group,
            delegate_id, reviewer_approved_it, due_at, requested_at, reminders, escalated, outcome, decided_by,
            decided_at, comment, kind, finding""";
    private final JdbcTemplate jdbc;

    public ReviewItemsView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "review-items";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REVIEW);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return EventConsumer.isOneOf(type, ReviewCampaignStarted.class, ReviewCampaignClosed.class,
                AccessReviewRequested.class, ReviewReminderSent.class, ReviewDelegated.class, ReviewEscalated.class,
                UngovernedAccessReviewRequested.class, UngovernedAccessReviewReminderSent.class,
                UngovernedAccessAccepted.class,
                UngovernedAccessRemovalRequested.class, AccessCertified.class, AccessReviewRejected.class,
                AccessReviewUnanswered.class);
    }

    @Override
    public List<String> tables() {
        return List.of("review_campaign", "review_item");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof ReviewCampaignStarted s) {
            started(s);
        } else if (event instanceof ReviewCampaignClosed c) {
            jdbc.update("update review_campaign set closed_at = ?, closed_counts = ? where campaign_id = ?",
                    Timestamp.from(c.occurredAt()), EventJson.write(new Counts(c.items(), c.certified(), c.revoked(),
                            c.revokedUnanswered(), c.keptFlagged(), 0)), c.campaignId());
        } else if (event instanceof AccessReviewRequested r) {
            requested(r);
        } else if (event instanceof ReviewReminderSent r) {
            jdbc.update("update review_item set reminders = greatest(reminders, ?) where item_id = ?", r.reminder(),
                    r.itemId());
        } else if (event instanceof UngovernedAccessReviewReminderSent r) {
            jdbc.update("update review_item set reminders = greatest(reminders, ?) where item_id = ?", r.reminder(),
                    r.itemId());
        } else if (event instanceof ReviewDelegated d) {
            jdbc.update("update review_item set delegate_id = ? where item_id = ?", d.delegateId().value(),
                    d.itemId());
        } else if (event instanceof ReviewEscalated e) {
            jdbc.update("""
                    update review_item set reviewer_id = ?, reviewer_group = null, delegate_id = null, due_at = ?,
                        escalated = true where item_id = ?""", e.toReviewerId().value(), Timestamp.from(e.dueAt()),
                    e.itemId());
        } else if (event instanceof UngovernedAccessReviewRequested r) {
            ungovernedRequested(r);
        } else if (event instanceof UngovernedAccessAccepted a) {
            settled(a.itemId(), Outcome.CERTIFIED, a.reviewerId(), a.comment(), a.occurredAt());
        } else if (event instanceof UngovernedAccessRemovalRequested r) {
            settled(r.itemId(), r.requestedBy() == null ? Outcome.REVOKED_UNANSWERED : Outcome.REVOKED,
                    r.requestedBy(), r.note(), r.occurredAt());
        } else if (event instanceof AccessCertified c) {
            settled(c.itemId(), Outcome.CERTIFIED, c.reviewerId(), c.comment(), c.occurredAt());
        } else if (event instanceof AccessReviewRejected r) {
            settled(r.itemId(), Outcome.REVOKED, r.reviewerId(), r.comment(), r.occurredAt());
        } else if (event instanceof AccessReviewUnanswered u) {
            settled(u.itemId(), u.applied() == NonResponsePolicy.KEEP_FLAGGED ? Outcome.KEPT_FLAGGED
                    : Outcome.REVOKED_UNANSWERED, null, null, u.occurredAt());
        }
    }

    private void started(ReviewCampaignStarted s) {
        jdbc.update("""
                insert into review_campaign (campaign_id, name, scope, reviewer_kind, reviewer_group, ends_at,
                    remind_before, non_response, escalation_period, started_by, started_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                s.campaignId(), s.name(), EventJson.write(s.scope()), s.reviewerKind().name(), s.reviewerGroup(),
                Timestamp.from(s.endsAt()), String.join(",", s.remindBefore().stream().map(Duration::toString)
                        .toList()), s.nonResponse().name(),
                s.escalationPeriod() == null ? null : s.escalationPeriod().toString(),
                s.startedBy() == null ? null : s.startedBy().value(), Timestamp.from(s.occurredAt()));
    }

    private void requested(AccessReviewRequested r) {
        jdbc.update("""
                insert into review_item (item_id, campaign_id, grant_id, request_id, employee_id, entitlement,
                    reviewer_id, reviewer_group, reviewer_approved_it, due_at, requested_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                r.itemId(), r.campaignId(), r.grantId().value(), r.requestId().value(), r.employeeId().value(),
                r.entitlement().toString(), r.reviewerId() == null ? null : r.reviewerId().value(),
                r.reviewerGroup(), r.reviewerApprovedIt(), Timestamp.from(r.dueAt()), Timestamp.from(r.occurredAt()));
    }

    private void ungovernedRequested(UngovernedAccessReviewRequested r) {
        jdbc.update("""
                insert into review_item (item_id, campaign_id, employee_id, entitlement, reviewer_id, reviewer_group,
                    reviewer_approved_it, due_at, requested_at, kind, finding)
                values (?, ?, ?, ?, ?, ?, false, ?, ?, 'UNGOVERNED', ?) on conflict do nothing""",
                r.itemId(), r.campaignId(), r.employeeId() == null ? null : r.employeeId().value(),
                r.entitlement().toString(), r.reviewerId() == null ? null : r.reviewerId().value(),
                r.reviewerId() == null ? ReviewRules.FALLBACK_GROUP : null, Timestamp.from(r.dueAt()),
                Timestamp.from(r.occurredAt()), EventJson.write(new Finding(r.findingId(), r.target(), r.group(),
                        r.memberId(), r.userName(), r.employeeId())));
    }

    private void settled(String itemId, Outcome outcome, EmployeeId by, String comment, Instant at) {
        jdbc.update("""
                update review_item set outcome = ?, decided_by = ?, decided_at = ?, comment = ?
                where item_id = ? and outcome is null""", outcome.name(), by == null ? null : by.value(),
                Timestamp.from(at), comment, itemId);
    }

    /** A campaign's definition. */
    public record Campaign(String campaignId, String name, ReviewScope scope, ReviewerKind reviewerKind,
            String reviewerGroup, Instant endsAt, List<Duration> remindBefore, NonResponsePolicy nonResponse,
            Duration escalationPeriod, EmployeeId startedBy, Instant startedAt, Instant closedAt) {
    }

    private static final RowMapper<Campaign> CAMPAIGN = (row, n) -> new Campaign(row.getString("campaign_id"),
            row.getString("name"), EventJson.read(row.getString("scope"), ReviewScope.class),
            ReviewerKind.valueOf(row.getString("reviewer_kind")), row.getString("reviewer_group"),
            row.getTimestamp("ends_at").toInstant(), durations(row.getString("remind_before")),
            NonResponsePolicy.valueOf(row.getString("non_response")),
            row.getString("escalation_period") == null ? null : Duration.parse(row.getString("escalation_period")),
            employee(row.getString("started_by")), row.getTimestamp("started_at").toInstant(),
            instant(row, "closed_at"));

    public Optional<Campaign> campaign(String campaignId) {
        return jdbc.query("select * from review_campaign where campaign_id = ?", CAMPAIGN, campaignId).stream()
                .findFirst();
    }

    /** Campaigns not closed yet (few at a time: a campaign covers many grants, not the other way round). */
    public List<Campaign> openCampaigns() {
        return jdbc.query("select * from review_campaign where closed_at is null order by started_at", CAMPAIGN);
    }

    /** One review item as the view has it. */
    public record Item(String itemId, String campaignId, GrantId grantId, RequestId requestId, EmployeeId holder,
            Entitlement entitlement, EmployeeId reviewerId, String reviewerGroup, EmployeeId delegateId,
            boolean reviewerApprovedIt, Instant dueAt, Instant requestedAt, int reminders, boolean escalated,
            Outcome outcome, EmployeeId decidedBy, Instant decidedAt, String comment, Kind kind, Finding finding,
            boolean announced) {
        /**
         * The command that announces this item (its aggregate and its {@code AccessReviewRequested}): the same id and
         * event id whoever sends it, the announcer or a first touch, so it is created once.
         */
        public ReviewItem.OpenReviewItem opening(Instant at) {
            return new ReviewItem.OpenReviewItem(itemId, campaignId, grantId, requestId, holder, entitlement,
                    reviewerId, reviewerGroup, dueAt, reviewerApprovedIt, requestedEventId(itemId), at);
        }
    }

    /** The id of an item's {@code AccessReviewRequested}: name-based on the item. */
    public static EventId requestedEventId(String itemId) {
        return EventId.of(Ids.nameBased(itemId + "/requested"));
    }

    private static final RowMapper<Item> ITEM = (row, n) -> new Item(row.getString("item_id"),
            row.getString("campaign_id"), row.getString("grant_id") == null ? null : GrantId.of(row.getString("grant_id")),
            row.getString("request_id") == null ? null : RequestId.of(row.getString("request_id")),
            employee(row.getString("employee_id")),
            Entitlement.parse(row.getString("entitlement")), employee(row.getString("reviewer_id")),
            row.getString("reviewer_group"), employee(row.getString("delegate_id")),
            row.getBoolean("reviewer_approved_it"), row.getTimestamp("due_at").toInstant(),
            row.getTimestamp("requested_at").toInstant(), row.getInt("reminders"), row.getBoolean("escalated"),
            row.getString("outcome") == null ? null : Outcome.valueOf(row.getString("outcome")),
            employee(row.getString("decided_by")), instant(row, "decided_at"), row.getString("comment"),
            Kind.valueOf(row.getString("kind")),
            row.getString("finding") == null ? null : EventJson.read(row.getString("finding"), Finding.class),
            row.getBoolean("announced"));

    public Optional<Item> item(String itemId) {
        return jdbc.query("select " + ITEM_COLUMNS + ", true as announced from review_item where item_id = ?", ITEM,
                itemId).stream().findFirst();
    }

    /**
     * A campaign whose items are its snapshot, and the snapshot: the grants in its scope at its start
     * ({@link GrantHistoryView#snapshot}). Until an item is announced (has its row) it is read from there.
     * {@code counted}: the announcer has counted it, and kept its items' ids then ({@link #keepItemIds}).
     */
    public record Announcing(Campaign campaign, GrantHistoryView.Snapshot snapshot, boolean counted) {
    }

    /**
     * The md5 {@code h} of an item's name ({@code review-item:<campaign>/<grant>}, the campaign bound), over the
     * snapshot's grant {@code g}.
     */
    private static final String ITEM_NAME_MD5 = "md5(convert_to('review-item:' || ?::text || '/' || g.grant_id, 'UTF8'))";
    /** The item id's UUID from {@code h}: {@code UUID.nameUUIDFromBytes}' version (3) and variant bits set in SQL. */
    private static final String ITEM_UUID = """
            substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-3' || substr(h, 14, 3) || '-'
                || to_hex((('x' || substr(h, 17, 1))::bit(4)::int & 3) | 8) || substr(h, 18, 3) || '-'
                || substr(h, 21, 12)""";
    private static final String ITEM_ID_PREFIX = "RI-";

    /**
     * Keeps the id of every item of {@code campaign}'s {@code snapshot} as it stands now, with its grant, and answers
     * how many items that is: the announcer's count, taken once, in the transaction that records it (in id order, so
     * the key's index is filled from one end rather than at random places). An item of a
     * snapshot not announced yet is then found by its id through them ({@link #unannounced}) whoever looks, instead
     * of by computing the id of every item. What a snapshot gains later (a grant projected late, a holder moved into
     * the scope's department) has no kept id; the look falls back to the snapshot for it.
     */
    public long keepItemIds(Campaign campaign, GrantHistoryView.Snapshot snapshot) {
        List<Object> args = new ArrayList<>(List.of(campaign.campaignId(), campaign.campaignId()));
        args.addAll(snapshot.args());
        return jdbc.update("insert into review_snapshot_item (campaign_id, item, grant_id) select ?, (" + ITEM_UUID
                + ")::uuid, grant_id from (select " + ITEM_NAME_MD5 + " as h, g.grant_id " + snapshot.sql()
                + ") s order by 2 on conflict do nothing", args.toArray());
    }

    /**
     * Deletes up to {@code limit} kept ids of closed campaigns and answers how many it deleted: a closed campaign lists
     * no unannounced item any more, so its kept ids are looked up no more. Called by the announcer, whose count wrote
     * them ({@link #keepItemIds}), a batch at a time, so a campaign's millions of ids go in short statements of their
     * own, not in one statement inside the review-items consumer's poll that projects the close.
     */
    public int forgetClosedCampaignsItemIds(int limit) {
        return jdbc.update("""
                delete from review_snapshot_item where (campaign_id, item) in (
                    select k.campaign_id, k.item from review_campaign c
                    join review_snapshot_item k on k.campaign_id = c.campaign_id
                    where c.closed_at is not null limit ?)""", limit);
    }

    /** How many of these items have no row here yet (announced, their event not projected yet), looked up by key. */
    public int notProjectedYet(List<String> itemIds) {
        if (itemIds.isEmpty()) {
            return 0;
        }
        return jdbc.queryForObject("""
                select count(*) from unnest(?::text[]) a(item_id)
                where not exists (select 1 from review_item i where i.item_id = a.item_id)""",
                Integer.class, (Object) itemIds.toArray(String[]::new));
    }

    /**
     * The grants of {@code campaignId}'s snapshot that are not announced (no {@code review_item} row): what the
     * announcer's catch-up announces among the grants that may have joined the snapshot since its last look.
     */
    public static GrantHistoryView.Narrowing notAnnounced(String campaignId) {
        return new GrantHistoryView.Narrowing("""
                 and not exists (select 1 from review_item i where i.campaign_id = ? and i.grant_id = g.grant_id)""",
                List.of(campaignId));
    }

    /**
     * The grants {@code g} whose ids were not kept at {@code campaignId}'s count ({@link #keepItemIds}): of the grants
     * the catch-up finds by their own projection, those the pass did not meet (a grant kept was in the snapshot at the
     * count, so the pass announced it or found it out of the scope, and only a change of another fact brings it back,
     * which the catch-up finds through that fact). Its item's kept id is computed for each grant looked at and found
     * by the key.
     */
    public static GrantHistoryView.Narrowing notKept(String campaignId) {
        return new GrantHistoryView.Narrowing("""
                 and not exists (select 1 from review_snapshot_item k where k.campaign_id = ?
                     and k.item = (select (%s)::uuid from (select %s as h) n))""".formatted(ITEM_UUID,
                ITEM_NAME_MD5), List.of(campaignId, campaignId));
    }

    /**
     * An item of a campaign's snapshot that is not announced yet (no {@code review_item} row), found by its id among
     * the snapshots of the campaigns still announcing: in a counted campaign by its kept id (one grant read, whoever
     * looks); then among the items {@code caller} may review (the manager index serves a MANAGER campaign), then among
     * all (the holder's or an outsider's look, refused afterwards, or an oversight role's, in a campaign not counted
     * yet; an id no campaign has, or one a snapshot gained after its count), which costs a scan of the snapshots (item
     * ids are name-based hashes, not reversible).
     */
    public Optional<Item> unannounced(String itemId, List<Announcing> announcing, EmployeeId caller,
            Set<String> roles) {
        Optional<UUID> kept = keptItem(itemId);
        for (Announcing campaign : announcing) {
            Optional<Item> found = kept.filter(item -> campaign.counted())
                    .flatMap(item -> unannounced(itemId, byKeptId(campaign, item)));
            if (found.isPresent()) {
                return found;
            }
        }
        for (Announcing campaign : announcing) {
            Optional<Item> found = unannouncedFor(campaign, caller, roles).flatMap(items -> unannounced(itemId, items));
            if (found.isPresent()) {
                return found;
            }
        }
        for (Announcing campaign : announcing) {
            Optional<Item> found = unannounced(itemId, unannounced(campaign, "", List.of()));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The UUID an item id of a snapshot carries ({@code RI-} and a UUID as {@code UUID.toString} writes it), or nothing
     * when {@code itemId} cannot be one.
     */
    static Optional<UUID> keptItem(String itemId) {
        if (!itemId.startsWith(ITEM_ID_PREFIX)) {
            return Optional.empty();
        }
        String text = itemId.substring(ITEM_ID_PREFIX.length());
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equals(text) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The unannounced item of a counted campaign whose kept id is {@code item}: its grant read by its key. */
    static Unannounced byKeptId(Announcing campaign, UUID item) {
        return unannounced(campaign, """
                and g.grant_id = (select k.grant_id from review_snapshot_item k where k.campaign_id = ? and k.item = ?)""",
                List.of(campaign.campaign().campaignId(), item));
    }

    private Optional<Item> unannounced(String itemId, Unannounced items) {
        List<Object> args = new ArrayList<>(items.args());
        args.add(itemId);
        return jdbc.query(lookup(items), ITEM, args.toArray()).stream().findFirst();
    }

    /** The look for one item among {@code items}: their args, then the item's id. */
    static String lookup(Unannounced items) {
        return "select " + ITEM_COLUMNS + ", announced from (" + items.sql() + ") x where item_id = ?";
    }

    /** A campaign's unannounced items as a subquery of {@link #ITEM_COLUMNS} and {@code announced}, and its args. */
    record Unannounced(String sql, List<Object> args) {
    }

    /**
     * The unannounced items of one campaign's snapshot, each as the announcer will announce it: the name-based item id
     * ({@code CampaignOpener.itemIdOf}: UUID v3 of the md5 of {@code review-item:<campaign>/<grant>}, computed in SQL),
     * the reviewer by {@link ReviewRules#assignReviewer} (its rule as SQL, per reviewer kind), due at the campaign's
     * end. {@code narrowing} (SQL over {@code g}, {@code a}, {@code p}) with its {@code narrowingArgs} only lets the
     * planner use an index; it never widens the set.
     */
    private static Unannounced unannounced(Announcing announcing, String narrowing, List<Object> narrowingArgs) {
        Campaign campaign = announcing.campaign();
        String reviewer = switch (campaign.reviewerKind()) {
            case GROUP -> "null::varchar";
            case MANAGER -> "case when p.manager_id <> g.employee_id then p.manager_id end";
            case RESOURCE_OWNER -> """
                    case when a.owner_id is not null and a.owner_id <> g.employee_id then a.owner_id
                         when p.manager_id <> g.employee_id then p.manager_id end""";
        };
        String sql = """
                select '%s' || %s as item_id,
                    ?::varchar as campaign_id, grant_id, request_id, employee_id, entitlement, reviewer_id,
                    case when reviewer_id is null then ?::text end as reviewer_group, null::varchar as delegate_id,
                    coalesce(reviewer_id = any(approved_by), false) as reviewer_approved_it,
                    ?::timestamptz as due_at, ?::timestamptz as requested_at, 0 as reminders, false as escalated,
                    null::varchar as outcome, null::varchar as decided_by, null::timestamptz as decided_at,
                    null::text as comment, 'GRANT'::varchar as kind, null::text as finding, false as announced
                from (select %s as h,
                        g.grant_id, g.request_id, g.employee_id, g.entitlement, a.approved_by,
                        (%s)::varchar as reviewer_id
                    %s
                      and not exists (select 1 from review_item i where i.campaign_id = ? and i.grant_id = g.grant_id)
                      %s) s""".formatted(ITEM_ID_PREFIX, ITEM_UUID, ITEM_NAME_MD5, reviewer,
                announcing.snapshot().sql(), narrowing);
        List<Object> args = new ArrayList<>(List.of(campaign.campaignId(),
                campaign.reviewerKind() == ReviewerKind.GROUP ? campaign.reviewerGroup() : ReviewRules.FALLBACK_GROUP,
                Timestamp.from(campaign.endsAt()), Timestamp.from(campaign.startedAt()), campaign.campaignId()));
        args.addAll(announcing.snapshot().args());
        args.add(campaign.campaignId());
        args.addAll(narrowingArgs);
        return new Unannounced(sql, args);
    }

    /**
     * The unannounced items of {@code announcing} that {@code reviewer} may see, or nothing when none can be theirs: a
     * GROUP campaign's only for the group's members; a person's narrowed to the grants where they can be the reviewer
     * (so the holder's manager index serves a MANAGER campaign), unless they are in the fallback queue (whose page
     * computes the id only of the rows it keeps: the outer filter drops the others first).
     */
    private static Optional<Unannounced> unannouncedFor(Announcing announcing, EmployeeId reviewer,
            Set<String> roles) {
        Campaign campaign = announcing.campaign();
        if (campaign.reviewerKind() == ReviewerKind.GROUP) {
            return roles.contains(campaign.reviewerGroup()) ? Optional.of(unannounced(announcing, "", List.of()))
                    : Optional.empty();
        }
        if (roles.contains(ReviewRules.FALLBACK_GROUP)) {
            return Optional.of(unannounced(announcing, "", List.of()));
        }
        return Optional.of(campaign.reviewerKind() == ReviewerKind.MANAGER
                ? unannounced(announcing, "and p.manager_id = ?", List.of(reviewer.value()))
                : unannounced(announcing, "and (a.owner_id = ? or p.manager_id = ?)",
                        List.of(reviewer.value(), reviewer.value())));
    }

    /** What a reviewer's list may be narrowed to. {@code status}: OPEN, DECIDED or ALL. */
    public record Filter(String campaignId, String status, boolean overdueOnly) {
    }

    /** One page of items and how many there are in all. */
    public record Page(List<Item> items, long total, int page, int size) {
    }

    /**
     * The items {@code reviewer} may decide (theirs, delegated to them, or their groups'; never their own access),
     * soonest due first, one page at a time in SQL.
     */
    public Page itemsFor(EmployeeId reviewer, Set<String> roles, Filter filter, Instant now, int page, int size,
            List<Announcing> announcing) {
        StringBuilder from = new StringBuilder(" from (select " + ITEM_COLUMNS + ", true as announced from review_item");
        List<Object> args = new ArrayList<>();
        for (Announcing campaign : announcing) {
            if (filter.campaignId() != null && !filter.campaignId().equals(campaign.campaign().campaignId())) {
                continue;
            }
            unannouncedFor(campaign, reviewer, roles).ifPresent(items -> {
                from.append(" union all ").append(items.sql());
                args.addAll(items.args());
            });
        }
        String where = from + ") x " + """
                where (reviewer_id = ? or delegate_id = ? or reviewer_group = any(?::text[]))
                  and employee_id is distinct from ?
                  and (?::text is null or campaign_id = ?::text)
                  and (? = 'ALL' or (? = 'OPEN' and outcome is null) or (? = 'DECIDED' and outcome is not null))
                  and (not ? or (outcome is null and due_at <= ?)) """;
        args.addAll(List.of(reviewer.value(), reviewer.value(), roles.toArray(String[]::new), reviewer.value()));
        args.addAll(Arrays.asList(filter.campaignId(), filter.campaignId(), filter.status(), filter.status(),
                filter.status(), filter.overdueOnly(), Timestamp.from(now)));
        long total = jdbc.queryForObject("select count(*)" + where, Long.class, args.toArray());
        args.add(size);
        args.add((long) page * size);
        List<Item> items = jdbc.query("select " + ITEM_COLUMNS + ", announced" + where
                + " order by due_at, item_id limit ? offset ?", ITEM, args.toArray());
        return new Page(items, total, page, size);
    }

    /** When the grant was last certified in an earlier review than {@code itemId}. */
    public Optional<Instant> lastCertifiedBefore(GrantId grantId, String itemId) {
        return jdbc.query("""
                select max(decided_at) from review_item where grant_id = ? and item_id <> ? and outcome = 'CERTIFIED'
                """, (row, n) -> instant(row, 1), grantId.value(), itemId).stream().filter(at -> at != null)
                .findFirst();
    }

    /** A campaign's outcomes so far; {@code open} counts items without one. */
    public record Counts(long items, long certified, long revoked, long revokedUnanswered, long keptFlagged,
            long open) {
    }

    public Counts counts(String campaignId) {
        return jdbc.queryForObject("""
                select count(*), count(*) filter (where outcome = 'CERTIFIED'),
                    count(*) filter (where outcome = 'REVOKED'), count(*) filter (where outcome = 'REVOKED_UNANSWERED'),
                    count(*) filter (where outcome = 'KEPT_FLAGGED'), count(*) filter (where outcome is null)
                from review_item where campaign_id = ?""", (row, n) -> new Counts(row.getLong(1), row.getLong(2),
                row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6)), campaignId);
    }

    /** Items of the campaigns still open: decided, undecided, and undecided past their due time at {@code now}. */
    public ReviewerProgress openCampaignsProgress(Instant now) {
        return jdbc.queryForObject("""
                select count(*) filter (where i.outcome is not null), count(*) filter (where i.outcome is null),
                    count(*) filter (where i.outcome is null and i.due_at <= ?)
                from review_item i join review_campaign c on c.campaign_id = i.campaign_id where c.closed_at is null""",
                (row, n) -> new ReviewerProgress("all", row.getLong(1), row.getLong(2), row.getLong(3)),
                Timestamp.from(now));
    }

    /** Progress of one reviewer (a person, or a group as {@code group:<name>}). */
    public record ReviewerProgress(String reviewer, long decided, long open, long overdue) {
    }

    public List<ReviewerProgress> progressByReviewer(String campaignId, Instant now) {
        return jdbc.query("""
                select coalesce(reviewer_id, 'group:' || reviewer_group) as reviewer,
                    count(*) filter (where outcome is not null), count(*) filter (where outcome is null),
                    count(*) filter (where outcome is null and due_at <= ?)
                from review_item where campaign_id = ? group by 1 order by 1""",
                (row, n) -> new ReviewerProgress(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4)),
                Timestamp.from(now), campaignId);
    }

    /** An undecided item to remind or to apply silence to, keyed for paging. */
    public record Open(String itemId, String campaignId, EmployeeId reviewerId, Instant dueAt, Kind kind) {
    }

    private static final RowMapper<Open> OPEN = (row, n) -> new Open(row.getString(1), row.getString(2),
            employee(row.getString(3)), row.getTimestamp(4).toInstant(), Kind.valueOf(row.getString(5)));

    /** A page of the campaign's undecided, not escalated items that have had fewer than {@code reminder} reminders. */
    public List<Open> toRemind(String campaignId, int reminder, String afterItemId, int limit) {
        return jdbc.query("""
                select item_id, campaign_id, reviewer_id, due_at, kind from review_item
                where campaign_id = ? and outcome is null and not escalated and reminders < ? and item_id > ?
                order by item_id limit ?""", OPEN, campaignId, reminder, afterItemId, limit);
    }

    /** A page of the undecided items due by {@code now}, after ({@code afterDue}, {@code afterItemId}). */
    public List<Open> overdue(Instant now, Instant afterDue, String afterItemId, int limit) {
        return jdbc.query("""
                select item_id, campaign_id, reviewer_id, due_at, kind from review_item
                where outcome is null and due_at <= ? and (due_at, item_id) > (?, ?)
                order by due_at, item_id limit ?""", OPEN, Timestamp.from(now), Timestamp.from(afterDue),
                afterItemId, limit);
    }

    private static List<Duration> durations(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(Duration::parse)
                .toList();
    }

    private static EmployeeId employee(String id) {
        return id == null ? null : EmployeeId.of(id);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
