package io.accessledger.review.campaigns;

import static io.accessledger.review.ReviewServiceFixture.json;
import static io.accessledger.review.ReviewServiceFixture.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.review.AccessCertified;
import io.accessledger.events.review.AccessReviewRejected;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.AccessReviewUnanswered;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewCampaignClosed;
import io.accessledger.events.review.ReviewEscalated;
import io.accessledger.events.review.ReviewReminderSent;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.review.ReviewServiceFixture;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.review.items.ReviewWatch;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Review campaigns on the running service (its broker, its database, a clock the test sets): started over HTTP,
 * opened from what the topics told it, decided by reviewers, and — when nobody answers — reminded, escalated, revoked
 * or kept flagged, each as an event; a campaign closes with its counts once every item has an outcome. The jobs are
 * called by the test at the times it sets.
 */
class CampaignServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private static final Duration LENGTH = Duration.ofDays(14);
    private static final EmployeeId OFFICER = EmployeeId.of("E2100");
    private static final EmployeeId SENIOR = EmployeeId.of("E2101");
    private static final EmployeeId MANAGER = EmployeeId.of("E2102");
    private static final EmployeeId ALICE = EmployeeId.of("E2103");
    private static final EmployeeId BOB = EmployeeId.of("E2104");
    private static final EmployeeId CARL = EmployeeId.of("E2105");
    private static final EmployeeId OWNER = EmployeeId.of("E2106");
    private static ReviewServiceFixture service;

    @BeforeAll
    static void startService() {
        // the tests run the announcer themselves: its timer's run would race theirs (and their probes' counts)
        service = ReviewServiceFixture.start("review_campaigns", NOW,
                "--accessledger.review.campaign-opening-page-limit=PT2S",
                "--accessledger.review.campaign-opening-first-after=PT1H");
        hire(SENIOR, null);
        hire(MANAGER, SENIOR);
        hire(ALICE, MANAGER);
        hire(BOB, MANAGER);
        hire(CARL, MANAGER);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void reviewersDecideOnceNobodyReviewsTheirOwnAccessAndSilenceIsRemindedThenRevoked() {
        service.setClock(NOW);
        AccessProvisioned alices = grant("R-cmp-1", ALICE, "ledger-rev:admin", List.of("SOX"), MANAGER);
        AccessProvisioned bobs = grant("R-cmp-2", BOB, "ledger-rev:read", List.of(), OWNER);
        AccessProvisioned carls = grant("R-cmp-3", CARL, "ledger-rev:write", List.of(), OWNER);

        String campaign = startCampaign("ledger-rev", NonResponsePolicy.REVOKE, null);
        List<JsonNode> mine = awaitItems(MANAGER, campaign, 3);
        assertThat(mine).extracting(item -> item.get("grantId").asText()).containsExactlyInAnyOrder(
                alices.grantId().value(), bobs.grantId().value(), carls.grantId().value());
        JsonNode alicesItem = itemOf(mine, alices.grantId());
        assertThat(alicesItem.get("reviewerApprovedIt").asBoolean()).as("the manager approved it").isTrue();
        assertThat(itemOf(mine, bobs.grantId()).get("reviewerApprovedIt").asBoolean()).isFalse();

        JsonNode detail = json(service.http("GET", "/api/v1/reviews/items/" + alicesItem.get("itemId").asText(),
                MANAGER, null, "EMPLOYEE").body());
        assertThat(detail.at("/grant/justification").asText()).isEqualTo("Needed for R-cmp-1");
        assertThat(detail.at("/grant/approvedBy/0").asText()).isEqualTo(MANAGER.value());
        assertThat(detail.at("/grant/provisioningReference").asText()).isEqualTo("CHG-R-cmp-1");
        assertThat(detail.at("/grant/regulatoryTags/0").asText()).isEqualTo("SOX");

        String bobsItem = itemOf(mine, bobs.grantId()).get("itemId").asText();
        HttpResponse<String> own = decide(BOB, bobsItem, "CERTIFY", null);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        assertThat(json(own.body()).get("type").asText()).endsWith("nobodyReviewsTheirOwnAccess");
        assertThat(decide(MANAGER, bobsItem, "REVOKE", " ").statusCode()).as("a revocation needs a reason")
                .isEqualTo(422);
        assertThat(decide(MANAGER, bobsItem, "CERTIFY", "Still on the ledger team").statusCode()).isEqualTo(200);
        HttpResponse<String> second = decide(MANAGER, bobsItem, "REVOKE", "Changed my mind");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        String carlsItem = itemOf(mine, carls.grantId()).get("itemId").asText();
        assertThat(decide(MANAGER, carlsItem, "REVOKE", "Left the ledger team").statusCode()).isEqualTo(200);
        AccessRevocationRequested carlsRevocation = awaitOne(carls.grantId(), AccessRevocationRequested.class);
        assertThat(carlsRevocation.revocationReason()).isEqualTo(RevocationReason.REVIEW);
        assertThat(carlsRevocation.requestedBy()).isEqualTo(MANAGER);

        ReviewWatch watch = service.bean(ReviewWatch.class);
        Instant end = NOW.plus(LENGTH);
        service.setClock(end.minus(Duration.ofDays(7)).minusSeconds(1));
        watch.watch();
        assertThat(published(alices.grantId(), ReviewReminderSent.class)).isEmpty();
        service.setClock(end.minus(Duration.ofDays(7)));
        watch.watch();
        watch.watch();
        assertThat(awaitOne(alices.grantId(), ReviewReminderSent.class).reminder()).isEqualTo(1);
        assertThat(published(bobs.grantId(), ReviewReminderSent.class)).as("decided: not reminded").isEmpty();
        service.setClock(end.minus(Duration.ofDays(1)));
        watch.watch();
        await().atMost(Duration.ofSeconds(60)).until(() -> published(alices.grantId(), ReviewReminderSent.class)
                .size() == 2);

        service.setClock(end);
        watch.watch();
        assertThat(awaitOne(alices.grantId(), AccessReviewUnanswered.class).applied())
                .isEqualTo(NonResponsePolicy.REVOKE);
        AccessRevocationRequested alicesRevocation = awaitOne(alices.grantId(), AccessRevocationRequested.class);
        assertThat(alicesRevocation.revocationReason()).isEqualTo(RevocationReason.REVIEW);
        assertThat(alicesRevocation.requestedBy()).isNull();
        assertThat(published(bobs.grantId(), AccessRevocationRequested.class)).as("certified: kept").isEmpty();

        ReviewCampaignClosed closed = awaitClosed(campaign, watch);
        assertThat(closed).extracting(ReviewCampaignClosed::items, ReviewCampaignClosed::certified,
                ReviewCampaignClosed::revoked, ReviewCampaignClosed::revokedUnanswered,
                ReviewCampaignClosed::keptFlagged).containsExactly(3L, 1L, 1L, 1L, 0L);
        JsonNode progress = json(service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER, null,
                "COMPLIANCE").body());
        assertThat(progress.at("/counts/open").asLong()).isZero();
        assertThat(progress.at("/campaign/closedAt").isNull()).isFalse();
    }

    @Test
    void silenceUnderKeepFlaggedKeepsTheAccessAndSaysSo() {
        service.setClock(NOW);
        AccessProvisioned alices = grant("R-cmp-4", ALICE, "ledger-keep:read", List.of(), OWNER);
        String campaign = startCampaign("ledger-keep", NonResponsePolicy.KEEP_FLAGGED, null);
        awaitItems(MANAGER, campaign, 1);

        service.setClock(NOW.plus(LENGTH));
        ReviewWatch watch = service.bean(ReviewWatch.class);
        watch.watch();
        assertThat(awaitOne(alices.grantId(), AccessReviewUnanswered.class).applied())
                .isEqualTo(NonResponsePolicy.KEEP_FLAGGED);
        assertThat(awaitClosed(campaign, watch).keptFlagged()).isEqualTo(1);
        assertThat(published(alices.grantId(), AccessRevocationRequested.class)).isEmpty();
    }

    /**
     * Caller × (read, decide) → status for one item of ALICE's that her manager reviews and has delegated to CARL
     * (docs/SECURITY.md, relationship matrix): the item is read by its reviewer, their delegate and the oversight
     * roles; decided by the reviewer or the delegate only — never by the holder, the reviewer's manager, an outsider
     * or an oversight role; the delegate's decision is the one (200) and the reviewer's after it a 409.
     */
    @Test
    void onlyTheReviewerOrTheirDelegateDecideAnItemAndOnlyTheyAndOversightReadIt() {
        service.setClock(NOW);
        AccessProvisioned alices = grant("R-cmp-8", ALICE, "ledger-rel:admin", List.of(), OWNER);
        String campaign = startCampaign("ledger-rel", NonResponsePolicy.REVOKE, null);
        String item = awaitItems(MANAGER, campaign, 1).get(0).get("itemId").asText();
        HttpResponse<String> delegated = service.http("POST", "/api/v1/reviews/items/" + item + "/delegation",
                MANAGER, "{\"delegateId\": \"%s\", \"reason\": \"On leave\"}".formatted(CARL.value()),
                "EMPLOYEE");
        assertThat(delegated.statusCode()).as(delegated.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.http("GET", "/api/v1/reviews/items/" + item,
                CARL, null, "EMPLOYEE").statusCode() == 200);

        record Row(String caller, EmployeeId who, String role, int read, int decide) {
        }
        List<Row> matrix = List.of(
                new Row("holder", ALICE, "EMPLOYEE", 403, 403),
                new Row("reviewer's manager", SENIOR, "EMPLOYEE", 403, 403),
                new Row("outsider", OFFICER, "EMPLOYEE", 403, 403),
                new Row("COMPLIANCE", OFFICER, "COMPLIANCE", 200, 403),
                new Row("IAM", OFFICER, "IAM", 200, 403),
                new Row("AUDITOR", OFFICER, "AUDITOR", 200, 403),
                new Row("delegate", CARL, "EMPLOYEE", 200, 200),
                new Row("reviewer, after the delegate decided", MANAGER, "EMPLOYEE", 200, 409));
        for (Row row : matrix) {
            HttpResponse<String> read = service.http("GET", "/api/v1/reviews/items/" + item, row.who(), null,
                    row.role());
            assertThat(read.statusCode()).as(row.caller() + " reads: " + read.body()).isEqualTo(row.read());
            HttpResponse<String> decided = service.http("POST", "/api/v1/reviews/items/" + item + "/decision",
                    row.who(), "{\"decision\": \"CERTIFY\", \"reason\": \"Still needed\"}", row.role());
            assertThat(decided.statusCode()).as(row.caller() + " decides: " + decided.body())
                    .isEqualTo(row.decide());
        }
        assertThat(awaitOne(alices.grantId(), AccessCertified.class).reviewerId())
                .isEqualTo(CARL);
    }

    @Test
    void silenceUnderEscalateGoesToTheReviewersManagerWhoseSilenceRevokes() {
        service.setClock(NOW);
        AccessProvisioned bobs = grant("R-cmp-5", BOB, "ledger-esc:admin", List.of(), OWNER);
        String campaign = startCampaign("ledger-esc", NonResponsePolicy.ESCALATE, "P3D");
        String item = awaitItems(MANAGER, campaign, 1).get(0).get("itemId").asText();
        ReviewWatch watch = service.bean(ReviewWatch.class);
        Instant end = NOW.plus(LENGTH);

        service.setClock(end);
        watch.watch();
        ReviewEscalated escalated = awaitOne(bobs.grantId(), ReviewEscalated.class);
        assertThat(escalated.toReviewerId()).isEqualTo(SENIOR);
        assertThat(escalated.dueAt()).isEqualTo(end.plus(Duration.ofDays(3)));
        await().atMost(Duration.ofSeconds(60)).until(() -> !items(SENIOR, campaign).isEmpty());
        assertThat(decide(MANAGER, item, "CERTIFY", null).statusCode()).as("no longer the reviewer's")
                .isEqualTo(403);

        service.setClock(end.plus(Duration.ofDays(3)).minusSeconds(1));
        watch.watch();
        assertThat(published(bobs.grantId(), AccessReviewUnanswered.class)).isEmpty();
        service.setClock(end.plus(Duration.ofDays(3)));
        watch.watch();
        assertThat(awaitOne(bobs.grantId(), AccessReviewUnanswered.class).reviewerId()).isEqualTo(SENIOR);
        assertThat(awaitOne(bobs.grantId(), AccessRevocationRequested.class).revocationReason())
                .isEqualTo(RevocationReason.REVIEW);
        assertThat(awaitClosed(campaign, watch).revokedUnanswered()).isEqualTo(1);
    }

    @Test
    void reviewDatesFallingDueStartAnAutomaticCampaignQuarterlyForSoxTaggedAccess() {
        service.setClock(NOW);
        // Both granted 100 days ago; the policy's cadence is 180 days, but SOX-tagged access is reviewed quarterly.
        AccessProvisioned sox = grant("R-cmp-6", ALICE, "ledger-due:admin", List.of("SOX"), OWNER);
        AccessProvisioned other = grant("R-cmp-7", BOB, "ledger-due:read", List.of(), OWNER);

        service.bean(DueReviewCampaigns.class).start();
        String campaign = "C-due-" + LocalDate.ofInstant(NOW, java.time.ZoneOffset.UTC);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.http("GET", "/api/v1/reviews/campaigns/"
                + campaign, OFFICER, null, "AUDITOR").statusCode() == 200);
        service.bean(CampaignOpener.class).open();

        AccessReviewRequested requested = awaitOne(sox.grantId(), AccessReviewRequested.class);
        assertThat(requested.campaignId()).isEqualTo(campaign);
        assertThat(requested.reviewerId()).isEqualTo(MANAGER);
        assertThat(published(other.grantId(), AccessReviewRequested.class)).as("not due yet").isEmpty();
        service.bean(DueReviewCampaigns.class).start();
        service.bean(CampaignOpener.class).open();
        assertThat(published(sox.grantId(), AccessReviewRequested.class)).as("one campaign a day").hasSize(1);
    }

    @Test
    void aCampaignListsItsSnapshotAtOnceWithoutTheGrantsGrantedAfterItsStartOrEndedBefore() {
        service.setClock(NOW);
        AccessProvisioned alices = grant("R-snap-1", ALICE, "ledger-snap:read", List.of(), OWNER);
        AccessProvisioned bobs = grant("R-snap-2", BOB, "ledger-snap:write", List.of(), MANAGER);
        AccessProvisioned revoked = grant("R-snap-3", CARL, "ledger-snap:admin", List.of(), OWNER);
        service.publishHandled(new AccessRevoked(newId(), revoked.grantId(), revoked.requestId(), CARL,
                revoked.entitlement(), "manual", RevocationReason.LEAVER, EmployeeId.of("E1040"),
                NOW.minus(Duration.ofDays(1))), "provisioning-service", "grant-history");

        String campaign = startCampaign("ledger-snap", NonResponsePolicy.REVOKE, null, false);
        AccessProvisioned later = grant("R-snap-4", CARL, "ledger-snap:read", List.of(), OWNER,
                NOW.plus(Duration.ofHours(1)));

        List<JsonNode> mine = items(MANAGER, campaign);
        assertThat(mine).as("no announcer has run: the snapshot is listed").extracting(
                item -> item.get("grantId").asText()).containsExactlyInAnyOrder(alices.grantId().value(),
                bobs.grantId().value());
        assertThat(mine).allSatisfy(item -> assertThat(item.get("announced").asBoolean()).isFalse());
        JsonNode bobsItem = itemOf(mine, bobs.grantId());
        assertThat(bobsItem.get("itemId").asText()).as("the id the announcer will give it")
                .isEqualTo(CampaignOpener.itemIdOf(campaign, bobs.grantId()));
        assertThat(bobsItem.get("reviewerApprovedIt").asBoolean()).isTrue();
        JsonNode detail = json(service.http("GET", "/api/v1/reviews/items/" + bobsItem.get("itemId").asText(),
                MANAGER, null, "EMPLOYEE").body());
        assertThat(detail.at("/grant/justification").asText()).isEqualTo("Needed for R-snap-2");
        assertThat(published(alices.grantId(), AccessReviewRequested.class)).as("not announced yet").isEmpty();
        assertThat(json(service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER, null, "AUDITOR")
                .body()).at("/announcement/done").asBoolean()).isFalse();

        service.bean(CampaignOpener.class).open();
        assertThat(awaitItems(MANAGER, campaign, 2)).extracting(item -> item.get("grantId").asText())
                .doesNotContain(later.grantId().value(), revoked.grantId().value());
        JsonNode progress = json(service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER, null,
                "AUDITOR").body());
        assertThat(progress.at("/announcement/announced").asLong()).isEqualTo(2);
        assertThat(progress.at("/announcement/total").asLong()).isEqualTo(2);
        assertThat(progress.at("/announcement/done").asBoolean()).isTrue();
        assertThat(published(later.grantId(), AccessReviewRequested.class)).as("granted after T").isEmpty();
        assertThat(published(revoked.grantId(), AccessReviewRequested.class)).as("ended before T").isEmpty();
    }

    @Test
    void aPagesItemsAndItsCursorCommitTogetherAndAFailingItemHoldsBackOnlyItselfUntilTheNextRun() {
        service.setClock(NOW);
        AccessProvisioned alices = grant("R-page-1", ALICE, "ledger-page:read", List.of(), OWNER);
        AccessProvisioned bobs = grant("R-page-2", BOB, "ledger-page:read", List.of(), OWNER);
        AccessProvisioned carls = grant("R-page-3", CARL, "ledger-page:read", List.of(), OWNER);
        String campaign = startCampaign("ledger-page", NonResponsePolicy.REVOKE, null, false);
        Map<GrantId, List<Long>> transactions = new ConcurrentHashMap<>();
        AtomicBoolean bobFails = new AtomicBoolean(true);
        double failures = service.jobFailures("campaign-opening");
        Registration probe = service.onItemOpening(campaign, opening -> {
            transactions.computeIfAbsent(opening.grantId(), grant -> new CopyOnWriteArrayList<>())
                    .add(service.bean(JdbcTemplate.class).queryForObject("select txid_current()", Long.class));
            if (bobFails.get() && opening.grantId().equals(bobs.grantId())) {
                throw new IllegalStateException("Bob's item fails (a test's failure)");
            }
        });
        try {
            service.bean(CampaignOpener.class).open();

            await().atMost(Duration.ofSeconds(60)).until(() -> published(alices.grantId(),
                    AccessReviewRequested.class).size() == 1 && published(carls.grantId(),
                    AccessReviewRequested.class).size() == 1);
            assertThat(published(bobs.grantId(), AccessReviewRequested.class)).isEmpty();
            assertThat(service.jobFailures("campaign-opening")).as("Bob's item, item by item").isEqualTo(failures + 1);
            long page = transactions.get(bobs.grantId()).get(0);
            assertThat(transactions).hasSize(3).allSatisfy((grant, tried) -> {
                // the items before Bob's (in grant id order) were tried in the page's transaction, then each alone
                assertThat(tried).hasSizeBetween(1, 2);
                if (tried.size() == 2) {
                    assertThat(tried.get(0)).isEqualTo(page);
                }
            });
            assertThat(transactions.get(bobs.grantId())).hasSize(2);
            assertThat(transactions.values().stream().map(tried -> tried.get(tried.size() - 1)))
                    .as("item by item: a transaction each").doesNotHaveDuplicates().doesNotContain(page);
            JsonNode held = json(service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER, null,
                    "AUDITOR").body());
            assertThat(held.at("/announcement/announced").asLong()).as("the page is not passed").isZero();
            assertThat(held.at("/announcement/done").asBoolean()).isFalse();

            bobFails.set(false);
            transactions.clear();
            service.bean(CampaignOpener.class).open();

            await().atMost(Duration.ofSeconds(60)).until(() -> published(bobs.grantId(),
                    AccessReviewRequested.class).size() == 1);
            assertThat(transactions.values()).as("the whole page in one transaction").allSatisfy(
                    tried -> assertThat(tried).hasSize(1)).hasSize(3);
            assertThat(transactions.values().stream().map(tried -> tried.get(0)).distinct()).hasSize(1);
            assertThat(published(alices.grantId(), AccessReviewRequested.class)).hasSize(1);
            assertThat(published(carls.grantId(), AccessReviewRequested.class)).hasSize(1);
            JsonNode passed = json(service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER, null,
                    "AUDITOR").body());
            assertThat(passed.at("/announcement/announced").asLong()).isEqualTo(3);
            assertThat(passed.at("/announcement/done").asBoolean()).isTrue();
        } finally {
            probe.cancel();
        }
    }

    @Test
    void aPageThatRunsPastItsTimeLimitCommitsNothingAndIsOpenedItemByItem() {
        service.setClock(NOW);
        AccessProvisioned alices = grant("R-slow-1", ALICE, "ledger-slow:read", List.of(), OWNER);
        AccessProvisioned bobs = grant("R-slow-2", BOB, "ledger-slow:read", List.of(), OWNER);
        String campaign = startCampaign("ledger-slow", NonResponsePolicy.REVOKE, null, false);
        List<Long> transactions = new CopyOnWriteArrayList<>();
        AtomicBoolean first = new AtomicBoolean(true);
        Registration probe = service.onItemOpening(campaign, opening -> {
            transactions.add(service.bean(JdbcTemplate.class).queryForObject("select txid_current()", Long.class));
            if (first.getAndSet(false)) {
                try {
                    Thread.sleep(2_500); // the page's first item takes longer than the page's 2 s limit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            service.bean(CampaignOpener.class).open();

            await().atMost(Duration.ofSeconds(60)).until(() -> published(alices.grantId(),
                    AccessReviewRequested.class).size() == 1 && published(bobs.grantId(),
                    AccessReviewRequested.class).size() == 1);
            // the page's transaction: its first item, then the next statement past the limit failed; then one each
            assertThat(transactions).hasSize(3).doesNotHaveDuplicates();
            JsonNode passed = json(service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER, null,
                    "AUDITOR").body());
            assertThat(passed.at("/announcement/announced").asLong()).isEqualTo(2);
            assertThat(passed.at("/announcement/done").asBoolean()).isTrue();
        } finally {
            probe.cancel();
        }
    }

    @Test
    void aDecisionOnAnItemNotYetAnnouncedAnnouncesItFirstAndTheAnnouncerAddsNoSecondRequest() {
        NotAnnounced given = aliceAndBobNotAnnounced("touch", NonResponsePolicy.REVOKE);
        String alicesItem = CampaignOpener.itemIdOf(given.campaign(), given.alices().grantId());
        String bobsItem = CampaignOpener.itemIdOf(given.campaign(), given.bobs().grantId());

        HttpResponse<String> own = decide(ALICE, alicesItem, "CERTIFY", null);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        HttpResponse<String> certified = decide(MANAGER, alicesItem, "CERTIFY", "Still needed");
        assertThat(certified.statusCode()).as(certified.body()).isEqualTo(200);
        HttpResponse<String> revoked = decide(MANAGER, bobsItem, "REVOKE", "Not needed");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> !published(given.bobs().grantId(),
                AccessRevocationRequested.class).isEmpty());
        assertThat(service.published(Topic.REVIEW, given.alices().grantId().value(), DomainEvent.class))
                .filteredOn(event -> event instanceof AccessReviewRequested || event instanceof AccessCertified)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("AccessReviewRequested", "AccessCertified");
        assertThat(service.published(Topic.REVIEW, given.bobs().grantId().value(), DomainEvent.class))
                .filteredOn(event -> event instanceof AccessReviewRequested || event instanceof AccessReviewRejected)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("AccessReviewRequested", "AccessReviewRejected");
        assertThat(decide(MANAGER, alicesItem, "REVOKE", "Changed my mind").statusCode()).isEqualTo(409);

        service.bean(CampaignOpener.class).open();
        await().atMost(Duration.ofSeconds(60)).until(() -> items(MANAGER, given.campaign()).isEmpty());
        assertThat(published(given.alices().grantId(), AccessReviewRequested.class)).hasSize(1);
        assertThat(published(given.bobs().grantId(), AccessReviewRequested.class)).hasSize(1);
    }

    @Test
    void onceTheAnnouncerCountedACampaignItsItemNotYetAnnouncedIsReadAsBeforeByEveryoneAndStaysUnannounced() {
        NotAnnounced given = aliceAndBobNotAnnounced("kept", NonResponsePolicy.KEEP_FLAGGED);
        String alicesItem = CampaignOpener.itemIdOf(given.campaign(), given.alices().grantId());
        String unknown = CampaignOpener.itemIdOf(given.campaign(), GrantId.of("G-no-such-grant"));
        awaitItems(MANAGER, given.campaign(), 2);
        record Look(String caller, EmployeeId who, String role, String item, int status) {
        }
        List<Look> looks = List.of(
                new Look("holder", ALICE, "EMPLOYEE", alicesItem, 403),
                new Look("reviewer's manager", SENIOR, "EMPLOYEE", alicesItem, 403),
                new Look("outsider", OFFICER, "EMPLOYEE", alicesItem, 403),
                new Look("COMPLIANCE", OFFICER, "COMPLIANCE", alicesItem, 200),
                new Look("IAM", OFFICER, "IAM", alicesItem, 200),
                new Look("AUDITOR", OFFICER, "AUDITOR", alicesItem, 200),
                new Look("reviewer", MANAGER, "EMPLOYEE", alicesItem, 200),
                new Look("COMPLIANCE, an id no item has", OFFICER, "COMPLIANCE", unknown, 404),
                new Look("outsider, an id no item has", OFFICER, "EMPLOYEE", unknown, 403));
        Map<String, String> throughTheSnapshot = new java.util.LinkedHashMap<>();
        for (Look look : looks) {
            HttpResponse<String> read = service.http("GET", "/api/v1/reviews/items/" + look.item(), look.who(), null,
                    look.role());
            assertThat(read.statusCode()).as(look.caller() + ": " + read.body()).isEqualTo(look.status());
            throughTheSnapshot.put(look.caller(), read.body());
        }

        service.bean(CampaignOpener.class).count();

        assertThat(service.bean(JdbcTemplate.class).queryForObject(
                "select count(*) from review_snapshot_item where campaign_id = ?", Long.class, given.campaign()))
                .isEqualTo(2);
        for (Look look : looks) {
            HttpResponse<String> read = service.http("GET", "/api/v1/reviews/items/" + look.item(), look.who(), null,
                    look.role());
            assertThat(read.statusCode()).as(look.caller() + ": " + read.body()).isEqualTo(look.status());
            assertThat(read.body()).as(look.caller()).isEqualTo(throughTheSnapshot.get(look.caller()));
        }
        assertThat(json(throughTheSnapshot.get("COMPLIANCE")).at("/item/announced").asBoolean()).isFalse();
        assertThat(published(given.alices().grantId(), AccessReviewRequested.class)).isEmpty();
    }

    @Test
    void theNonResponsePolicyCoversTheItemsAnnouncedAfterTheCampaignsEndAndOnlyThenItCloses() {
        NotAnnounced given = aliceAndBobNotAnnounced("late", NonResponsePolicy.KEEP_FLAGGED);
        ReviewWatch watch = service.bean(ReviewWatch.class);

        service.setClock(NOW.plus(LENGTH));
        watch.watch();
        assertThat(service.published(Topic.REVIEW, given.campaign(), ReviewCampaignClosed.class))
                .as("not closed while items are not announced").isEmpty();
        service.bean(CampaignOpener.class).open();
        ReviewCampaignClosed closed = awaitClosed(given.campaign(), watch);
        assertThat(closed.items()).isEqualTo(2);
        assertThat(closed.keptFlagged()).isEqualTo(2);
        assertThat(published(given.alices().grantId(), AccessReviewUnanswered.class)).hasSize(1);
        assertThat(published(given.bobs().grantId(), AccessReviewUnanswered.class)).hasSize(1);
    }

    @Test
    void aGrantProjectedAfterTheAnnouncerPassedItsPlaceIsAnnouncedAndTheCampaignClosesOnlyWithItsOutcome() {
        NotAnnounced given = aliceAndBobNotAnnounced("gained", NonResponsePolicy.KEEP_FLAGGED);
        ReviewWatch watch = service.bean(ReviewWatch.class);
        service.bean(CampaignOpener.class).open();
        awaitOne(given.alices().grantId(), AccessReviewRequested.class);
        awaitOne(given.bobs().grantId(), AccessReviewRequested.class);
        assertThat(json(service.http("GET", "/api/v1/reviews/campaigns/" + given.campaign(), OFFICER, null,
                "AUDITOR").body()).at("/announcement/done").asBoolean()).as("the pass is done").isTrue();
        // granted before the campaign's start, its provisioning reaching this service only now, with an id the
        // announcer's cursor has passed
        String request = requestBehindTheCursor(given, "R-gained-late-");
        AccessProvisioned late = grant(request, CARL, "ledger-gained:write", List.of(), OWNER);
        await().atMost(Duration.ofSeconds(60)).until(() -> items(MANAGER, given.campaign()).stream()
                .anyMatch(item -> item.get("grantId").asText().equals(late.grantId().value())));

        service.setClock(NOW.plus(LENGTH));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            watch.watch();
            return published(given.alices().grantId(), AccessReviewUnanswered.class).size() == 1
                    && published(given.bobs().grantId(), AccessReviewUnanswered.class).size() == 1
                    && items(MANAGER, given.campaign()).stream().noneMatch(item -> Stream.of(given.alices(),
                            given.bobs()).anyMatch(grant -> grant.grantId().value().equals(item.get("grantId")
                                    .asText())));
        });
        watch.watch(); // the pass's items all have an outcome in the view: only the late grant's is missing
        service.bean(CampaignOpener.class).open();

        ReviewCampaignClosed closed = awaitClosed(given.campaign(), watch);
        assertThat(closed.items()).as("closed with the late grant's outcome, not before it").isEqualTo(3);
        assertThat(awaitOne(late.grantId(), AccessReviewRequested.class).reviewerId()).isEqualTo(MANAGER);
        assertThat(closed.keptFlagged()).isEqualTo(3);
        assertThat(published(late.grantId(), AccessReviewUnanswered.class)).hasSize(1);
        assertThat(published(late.grantId(), AccessReviewRequested.class)).hasSize(1);
        assertThat(published(given.alices().grantId(), AccessReviewRequested.class)).as("not announced twice")
                .hasSize(1);
    }

    @Test
    void aCampaignWaitsForAnItemTheCatchUpAnnouncedHoweverLongItsEventTakesToComeBack() {
        NotAnnounced given = aliceAndBobNotAnnounced("lagging", NonResponsePolicy.KEEP_FLAGGED);
        ReviewWatch watch = service.bean(ReviewWatch.class);
        CampaignOpener opener = service.bean(CampaignOpener.class);
        opener.open();
        awaitOne(given.alices().grantId(), AccessReviewRequested.class);
        awaitOne(given.bobs().grantId(), AccessReviewRequested.class);
        String request = requestBehindTheCursor(given, "R-lagging-late-");
        AccessProvisioned late = grant(request, CARL, "ledger-lagging:write", List.of(), OWNER);
        opener.open();
        awaitOne(late.grantId(), AccessReviewRequested.class);
        JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
        Map<String, Object> lateItem = await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(
                "select * from review_item where campaign_id = ? and grant_id = ?", given.campaign(),
                late.grantId().value()), rows -> rows.size() == 1).get(0);
        // The review topic lags: the late item's event has not come back to the view, and the grant's change is
        // older than the catch-up's look-back by the time the next runs look.
        jdbc.update("delete from review_item where item_id = ?", lateItem.get("item_id"));
        projectedADayAgo(late);

        service.setClock(NOW.plus(LENGTH));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            watch.watch();
            return published(given.alices().grantId(), AccessReviewUnanswered.class).size() == 1
                    && published(given.bobs().grantId(), AccessReviewUnanswered.class).size() == 1;
        });
        opener.open();
        watch.watch();
        watch.watch();
        assertThat(service.published(Topic.REVIEW, given.campaign(), ReviewCampaignClosed.class))
                .as("not closed while an item it announced is on its way").isEmpty();

        jdbc.update("insert into review_item (" + String.join(", ", lateItem.keySet()) + ") values ("
                + String.join(", ", lateItem.keySet().stream().map(column -> "?").toList()) + ")",
                lateItem.values().toArray());
        ReviewCampaignClosed closed = awaitClosed(given.campaign(), watch);
        assertThat(closed.items()).as("closed with the late grant's outcome").isEqualTo(3);
        assertThat(published(late.grantId(), AccessReviewUnanswered.class)).hasSize(1);
    }

    @Test
    void aHolderMovedIntoTheCampaignsDepartmentAfterItsPassIsAnnouncedAndTheCampaignClosesOnlyWithTheirOutcome() {
        service.setClock(NOW);
        EmployeeId erin = EmployeeId.of("E2107");
        EmployeeId dan = EmployeeId.of("E2108");
        service.publishHandled(new EmployeeHired(newId(), erin, profile(erin, "Sales"), LocalDate.parse("2026-01-05"),
                "workday", NOW.minus(Duration.ofDays(300))), "request-service", "grant-history");
        hire(dan, MANAGER);
        AccessProvisioned erins = grant("R-moved-1", erin, "ledger-moved:read", List.of(), OWNER);
        AccessProvisioned dans = grant("R-moved-2", dan, "ledger-moved:read", List.of(), OWNER);
        projectedADayAgo(erins, dans);
        String campaign = startCampaign("""
                {"resourceIds": ["ledger-moved"], "department": "Sales"}""", NonResponsePolicy.KEEP_FLAGGED);
        service.bean(CampaignOpener.class).open();
        assertThat(awaitOne(erins.grantId(), AccessReviewRequested.class).campaignId()).isEqualTo(campaign);
        assertThat(json(service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER, null, "AUDITOR")
                .body()).at("/announcement/done").asBoolean()).as("the pass is done").isTrue();

        // Dan moves into Sales after the pass: the directory tells it now, the move takes effect in two months (the
        // mover clean-up waits for that day); his grant's row is not projected again, his person's row is
        service.publishHandled(new EmployeeTransferred(newId(), dan, profile(dan, "Sales"), "Finance", "Accountant",
                MANAGER, LocalDate.parse("2027-01-04"), "workday", NOW.plus(Duration.ofHours(1))), "request-service",
                "grant-history");
        assertThat(listedNotAnnounced(campaign, dans)).as("the live snapshot lists his grant").isTrue();
        service.bean(CampaignOpener.class).open();

        service.setClock(NOW.plus(LENGTH));
        ReviewCampaignClosed closed = awaitClosed(campaign, service.bean(ReviewWatch.class));
        assertThat(closed.items()).as("closed with the moved holder's item, not without it").isEqualTo(2);
        assertThat(closed.keptFlagged()).isEqualTo(2);
        assertThat(awaitOne(dans.grantId(), AccessReviewRequested.class).campaignId()).isEqualTo(campaign);
        assertThat(published(dans.grantId(), AccessReviewUnanswered.class)).hasSize(1);
        assertThat(published(erins.grantId(), AccessReviewRequested.class)).as("not announced twice").hasSize(1);
    }

    @Test
    void aGrantWhoseReviewInAnotherCampaignSettlesAfterADueDateCampaignsStartIsAnnouncedInItBeforeItCloses() {
        service.setClock(NOW);
        EmployeeId fay = EmployeeId.of("E2109");
        hire(fay, MANAGER);
        // both SOX-tagged, granted 100 days ago: due quarterly; Fay's is under review in another campaign
        AccessProvisioned fays = grant("R-resettled-1", fay, "ledger-resettled-m:admin", List.of("SOX"), OWNER);
        AccessProvisioned alices = grant("R-resettled-2", ALICE, "ledger-resettled:read", List.of("SOX"), OWNER);
        projectedADayAgo(fays, alices);
        String other = startCampaign("ledger-resettled-m", NonResponsePolicy.KEEP_FLAGGED, null);
        assertThat(awaitOne(fays.grantId(), AccessReviewRequested.class).campaignId()).isEqualTo(other);

        Instant start = NOW.plus(Duration.ofDays(1));
        ReviewScope dueScope = new ReviewScope(List.of("ledger-resettled", "ledger-resettled-m"), List.of(),
                List.of(), null, false, start);
        GrantHistoryView grants = service.bean(GrantHistoryView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> grants.inScope(dueScope, start, "", 10).stream()
                .noneMatch(grant -> grant.grantId().equals(fays.grantId())));
        service.setClock(start);
        String due = "C-due-resettled";
        service.bean(CommandGateway.class).sendAndWait(new ReviewCampaign.StartCampaign(due, "Reviews due",
                dueScope, ReviewerKind.MANAGER, null, start.plus(LENGTH), List.of(Duration.ofDays(1)),
                NonResponsePolicy.KEEP_FLAGGED, null, null, Set.of(), newId(), start));
        await().atMost(Duration.ofSeconds(60)).until(() -> service.http("GET", "/api/v1/reviews/campaigns/" + due,
                OFFICER, null, "AUDITOR").statusCode() == 200);
        service.bean(CampaignOpener.class).open();
        assertThat(awaitOne(alices.grantId(), AccessReviewRequested.class).campaignId()).isEqualTo(due);

        // the other campaign ends unanswered, its item kept flagged: Fay's grant is no longer under review
        service.setClock(NOW.plus(LENGTH));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            service.bean(ReviewWatch.class).watch();
            return listedNotAnnounced(due, fays);
        });
        service.bean(CampaignOpener.class).open();

        service.setClock(start.plus(LENGTH));
        ReviewCampaignClosed closed = awaitClosed(due, service.bean(ReviewWatch.class));
        assertThat(closed.items()).as("closed with Fay's item, not without it").isEqualTo(2);
        assertThat(published(fays.grantId(), AccessReviewRequested.class)).extracting(
                AccessReviewRequested::campaignId).containsExactlyInAnyOrder(other, due);
        assertThat(published(fays.grantId(), AccessReviewUnanswered.class)).hasSize(2);
    }

    @Test
    void aGrantWhoseApprovalIsProjectedAfterTheCampaignsPassIsAnnouncedAndTheCampaignClosesOnlyWithItsOutcome() {
        service.setClock(NOW);
        EmployeeId gus = EmployeeId.of("E2110");
        hire(gus, MANAGER);
        AccessProvisioned alices = grant("R-approved-late-1", ALICE, "ledger-approved-late:read", List.of(), OWNER);
        // Gus's grant is provisioned; its approval reaches this service only after the campaign's pass
        AccessProvisioned guss = ReviewServiceFixture.provisioned("R-approved-late-2", gus,
                "ledger-approved-late:write", NOW.minus(Duration.ofDays(100)), null);
        service.publishHandled(guss, "provisioning-service", "grant-history");
        projectedADayAgo(alices, guss);
        String campaign = startCampaign("""
                {"resourceIds": ["ledger-approved-late"], "sensitivities": ["HIGH"]}""", NonResponsePolicy.KEEP_FLAGGED);
        service.bean(CampaignOpener.class).open();
        assertThat(awaitOne(alices.grantId(), AccessReviewRequested.class).campaignId()).isEqualTo(campaign);
        assertThat(items(MANAGER, campaign)).as("no approval, no sensitivity").noneMatch(item -> item.get("grantId")
                .asText().equals(guss.grantId().value()));

        service.publishHandled(new AccessApproved(newId(), guss.requestId(), gus, guss.entitlement(),
                new ResourceSnapshot("ledger-approved-late", "Ledger", "manual", OWNER, Sensitivity.HIGH, List.of(),
                        false), null, List.of(MANAGER.value()), "7", Duration.ofDays(180),
                NOW.minus(Duration.ofDays(101))), "approval-service", "grant-history");
        assertThat(listedNotAnnounced(campaign, guss)).as("the live snapshot lists it now").isTrue();
        service.bean(CampaignOpener.class).open();

        service.setClock(NOW.plus(LENGTH));
        ReviewCampaignClosed closed = awaitClosed(campaign, service.bean(ReviewWatch.class));
        assertThat(closed.items()).as("closed with its item, not without it").isEqualTo(2);
        assertThat(awaitOne(guss.grantId(), AccessReviewRequested.class).reviewerApprovedIt()).isTrue();
        assertThat(published(guss.grantId(), AccessReviewUnanswered.class)).hasSize(1);
    }

    private record NotAnnounced(String campaign, AccessProvisioned alices, AccessProvisioned bobs) {
    }

    /** A request id whose grant's id sorts below both of the campaign's grants: one the announcer's pass has passed. */
    private static String requestBehindTheCursor(NotAnnounced given, String prefix) {
        String cursor = Stream.of(given.alices(), given.bobs()).map(grant -> grant.grantId().value())
                .max(String::compareTo).orElseThrow();
        return IntStream.range(0, 1_000).mapToObj(n -> prefix + n)
                .filter(candidate -> Ids.grantFor(RequestId.of(candidate)).value().compareTo(cursor) < 0)
                .findFirst().orElseThrow();
    }

    /** Alice's and Bob's grants of {@code ledger-<name>} in a campaign started now, its announcer not run. */
    private static NotAnnounced aliceAndBobNotAnnounced(String name, NonResponsePolicy policy) {
        service.setClock(NOW);
        AccessProvisioned alices = grant("R-" + name + "-1", ALICE, "ledger-" + name + ":read", List.of(), OWNER);
        AccessProvisioned bobs = grant("R-" + name + "-2", BOB, "ledger-" + name + ":read", List.of(), OWNER);
        return new NotAnnounced(startCampaign("ledger-" + name, policy, null, false), alices, bobs);
    }

    /** Started over HTTP with {@code scope} (JSON), MANAGER reviewers, the announcer not run; the campaign's id. */
    private static String startCampaign(String scope, NonResponsePolicy policy) {
        HttpResponse<String> started = service.http("POST", "/api/v1/reviews/campaigns", OFFICER, """
                {"name": "Review of a scope", "scope": %s, "reviewerKind": "MANAGER", "duration": "%s",
                 "remindBefore": ["P1D"], "nonResponse": "%s"}""".formatted(scope, LENGTH, policy),
                "COMPLIANCE");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String campaign = json(started.body()).get("campaignId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> service.http("GET", "/api/v1/reviews/campaigns/"
                + campaign, OFFICER, null, "COMPLIANCE").statusCode() == 200);
        return campaign;
    }

    /** Started by the compliance officer over HTTP, items opened by the opener; the campaign's id. */
    private static String startCampaign(String resource, NonResponsePolicy policy, String escalation) {
        return startCampaign(resource, policy, escalation, true);
    }

    /** Started over HTTP; {@code announce}: the announcer runs once before the campaign's id is returned. */
    private static String startCampaign(String resource, NonResponsePolicy policy, String escalation,
            boolean announce) {
        HttpResponse<String> started = service.http("POST", "/api/v1/reviews/campaigns", OFFICER, """
                {"name": "Review of %s", "scope": {"resourceIds": ["%s"]}, "reviewerKind": "MANAGER",
                 "duration": "%s", "remindBefore": ["P1D", "P7D"], "nonResponse": "%s"%s}""".formatted(resource,
                resource, LENGTH, policy, escalation == null ? "" : ", \"escalationPeriod\": \"" + escalation + "\""),
                "COMPLIANCE");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String campaign = json(started.body()).get("campaignId").asText();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/v1/reviews/campaigns/" + campaign);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.http("GET", "/api/v1/reviews/campaigns/"
                + campaign, OFFICER, null, "COMPLIANCE").statusCode() == 200);
        if (announce) {
            service.bean(CampaignOpener.class).open();
        }
        return campaign;
    }

    /** Whether the manager's list of the campaign has the grant's item, not announced yet. */
    private static boolean listedNotAnnounced(String campaign, AccessProvisioned grant) {
        return items(MANAGER, campaign).stream().anyMatch(item -> item.get("grantId").asText()
                .equals(grant.grantId().value()) && !item.get("announced").asBoolean());
    }

    private static List<JsonNode> awaitItems(EmployeeId reviewer, String campaign, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> items(reviewer, campaign),
                items -> items.size() == count);
    }

    private static List<JsonNode> items(EmployeeId reviewer, String campaign) {
        HttpResponse<String> response = service.http("GET", "/api/v1/reviews/items?campaignId=" + campaign,
                reviewer, null, "EMPLOYEE");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(json(response.body()).get("items").spliterator(), false).toList();
    }

    private static JsonNode itemOf(List<JsonNode> items, GrantId grant) {
        return items.stream().filter(item -> item.get("grantId").asText().equals(grant.value())).findFirst()
                .orElseThrow();
    }

    private static HttpResponse<String> decide(EmployeeId caller, String item, String decision, String reason) {
        return service.http("POST", "/api/v1/reviews/items/" + item + "/decision", caller,
                "{\"decision\": \"%s\", \"reason\": %s}".formatted(decision,
                        reason == null ? "null" : "\"" + reason + "\""), "EMPLOYEE");
    }

    private static ReviewCampaignClosed awaitClosed(String campaign, ReviewWatch watch) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            watch.watch();
            List<ReviewCampaignClosed> closed = service.published(Topic.REVIEW, campaign,
                    ReviewCampaignClosed.class);
            return closed.isEmpty() ? null : closed.get(0);
        }, closed -> closed != null);
    }

    private static <T extends DomainEvent> T awaitOne(GrantId grant, Class<T> type) {
        return service.awaitOneOnReview(grant, type);
    }

    private static <T extends DomainEvent> List<T> published(GrantId grant, Class<T> type) {
        return service.published(Topic.REVIEW, grant.value(), type);
    }

    /**
     * The rows of these grants, of their approvals and of their holders as if projected a day ago (as in life, where a
     * campaign starts long after its grants were projected), so a catch-up does not look at them for that alone.
     */
    private static void projectedADayAgo(AccessProvisioned... grants) {
        String[] ids = Stream.of(grants).map(grant -> grant.grantId().value()).toArray(String[]::new);
        JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
        jdbc.update("update review_grant set projected_at = projected_at - interval '1 day'"
                + " where grant_id = any(?::text[])", (Object) ids);
        jdbc.update("update review_approval set projected_at = projected_at - interval '1 day' where request_id in"
                + " (select request_id from review_grant where grant_id = any(?::text[]))", (Object) ids);
        jdbc.update("update review_person set projected_at = projected_at - interval '1 day' where employee_id in"
                + " (select employee_id from review_grant where grant_id = any(?::text[]))", (Object) ids);
    }

    /** An accountant of {@code department} under {@code MANAGER}, as the directory tells it. */
    private static EmployeeProfile profile(EmployeeId employee, String department) {
        return new EmployeeProfile(employee, "P " + employee, employee.value() + "@example.com", department,
                "Accountant", MANAGER, EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null, null, true);
    }

    private static void hire(EmployeeId employee, EmployeeId manager) {
        service.hire(employee, manager, NOW.minus(Duration.ofDays(300)));
    }

    /** A grant as the topics tell it: requested, approved by {@code approver}, provisioned. */
    private static AccessProvisioned grant(String request, EmployeeId holder, String entitlement, List<String> tags,
            EmployeeId approver) {
        return grant(request, holder, entitlement, tags, approver, NOW.minus(Duration.ofDays(100)).plusSeconds(120));
    }

    /** A grant provisioned {@code grantedAt}, requested and approved two minutes before. */
    private static AccessProvisioned grant(String request, EmployeeId holder, String entitlement, List<String> tags,
            EmployeeId approver, Instant grantedAt) {
        return service.grant(request, holder, entitlement, tags, approver, OWNER, grantedAt);
    }
}
