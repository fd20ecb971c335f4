package io.accessledger.provisioning.reconciliation;

import static io.accessledger.provisioning.reconciliation.ReconciliationCalls.awaitEvents;
import static io.accessledger.provisioning.reconciliation.ReconciliationCalls.field;
import static io.accessledger.provisioning.reconciliation.ReconciliationCalls.get;
import static io.accessledger.provisioning.reconciliation.ReconciliationCalls.post;
import static io.accessledger.provisioning.reconciliation.ReconciliationCalls.provision;
import static io.accessledger.provisioning.reconciliation.ReconciliationCalls.startRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.ReconciliationCompleted;
import io.accessledger.events.provisioning.ReconciliationOutcome;
import io.accessledger.events.provisioning.ReconciliationTrigger;
import io.accessledger.events.provisioning.UngovernedAccessDetected;
import io.accessledger.events.provisioning.UngovernedAccessRemoved;
import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.events.review.UngovernedAccessRemovalRequested;
import io.accessledger.provisioning.ServiceFixture;
import io.accessledger.provisioning.connectors.scim.ScimPeer;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.web.DevTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Removing ungoverned access in the whole service (real KRaft broker, real PostgreSQL, the independent SCIM server
 * {@link ScimPeer}): a review's removal request, a target whose policy removes at once, a removal the target cannot
 * make, and a run whose instance died.
 */
class UngovernedRemovalServiceTest {
    private static final String TOKEN = "peer-token";
    private static final String GROUP = "Lab Readers";
    private static final Entitlement LAB_READ = Entitlement.parse("lab-app:read");
    private static final Entitlement SWEEP_READ = Entitlement.parse("sweep-app:read");
    private static ScimPeer peer;
    private static ScimPeer sweepPeer;
    private static ScimPeer flakyPeer;
    private static ScimPeer keptPeer;
    private static ServiceFixture service;

    @BeforeAll
    static void start() {
        peer = ScimPeer.start(0, TOKEN);
        peer.createGroup(GROUP);
        sweepPeer = ScimPeer.start(0, TOKEN);
        sweepPeer.createGroup(GROUP);
        flakyPeer = ScimPeer.start(0, TOKEN);
        flakyPeer.createGroup(GROUP);
        keptPeer = ScimPeer.start(0, TOKEN);
        keptPeer.createGroup(GROUP);
        service = ServiceFixture.start("provisioning_ungoverned_removal", List.of(),
                "--accessledger.notifications.enabled=false",
                "--accessledger.provisioning.reconciliation.schedule-check-every=PT1S",
                "--accessledger.provisioning.targets.lab.type=scim",
                "--accessledger.provisioning.targets.lab.baseUrl=" + peer.baseUrl(),
                "--accessledger.provisioning.targets.lab.token=" + TOKEN,
                "--accessledger.provisioning.targets.lab.groups[0].entitlement=lab-app:read",
                "--accessledger.provisioning.targets.lab.groups[0].group=" + GROUP,
                "--accessledger.provisioning.targets.sweep.type=scim",
                "--accessledger.provisioning.targets.sweep.baseUrl=" + sweepPeer.baseUrl(),
                "--accessledger.provisioning.targets.sweep.token=" + TOKEN,
                "--accessledger.provisioning.targets.sweep.groups[0].entitlement=sweep-app:read",
                "--accessledger.provisioning.targets.sweep.groups[0].group=" + GROUP,
                "--accessledger.provisioning.targets.sweep.on-ungoverned=REMOVE",
                "--accessledger.provisioning.targets.flaky.type=scim",
                "--accessledger.provisioning.targets.flaky.baseUrl=" + flakyPeer.baseUrl(),
                "--accessledger.provisioning.targets.flaky.token=" + TOKEN,
                "--accessledger.provisioning.targets.flaky.timeout=PT2S",
                "--accessledger.provisioning.targets.flaky.groups[0].entitlement=flaky-app:read",
                "--accessledger.provisioning.targets.flaky.groups[0].group=" + GROUP,
                "--accessledger.provisioning.targets.kept.type=scim",
                "--accessledger.provisioning.targets.kept.baseUrl=" + keptPeer.baseUrl(),
                "--accessledger.provisioning.targets.kept.token=" + TOKEN,
                "--accessledger.provisioning.targets.kept.groups[0].entitlement=kept-app:read",
                "--accessledger.provisioning.targets.kept.groups[0].group=" + GROUP,
                "--accessledger.provisioning.targets.paper.type=manual",
                "--accessledger.provisioning.reconciliation.retry-wait=PT0.2S",
                "--accessledger.provisioning.worker.poll-every=PT0.1S");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (peer != null) {
            peer.stop();
        }
        if (sweepPeer != null) {
            sweepPeer.stop();
        }
        if (flakyPeer != null) {
            flakyPeer.stop();
        }
        if (keptPeer != null) {
            keptPeer.stop();
        }
    }

    @Test
    void aRevokedFindingTakesOnlyThatMemberOutOnceAndPublishesItsRemovalByTheReviewer() throws Exception {
        peer.createUser("ada@example.com");
        peer.addMemberDirectly(GROUP, "ada@example.com");
        String mallory = peer.createUser("mallory@example.com");
        peer.addMemberDirectly(GROUP, "mallory@example.com");
        // The target throttles the first call once: the removal waits and asks again.
        peer.failNext(1, 429, "0");
        String finding = ReconciliationRules.findingId("lab", GROUP, mallory);
        UngovernedAccessRemovalRequested request = new UngovernedAccessRemovalRequested(EventId.of(UUID.randomUUID()
                .toString()), "UI-1", finding, "lab", LAB_READ, GROUP, mallory, EmployeeId.of("E1040"),
                "nobody asked for this", Instant.now());

        service.publish(request, "review-scheduler");
        service.publish(request, "review-scheduler");

        UngovernedAccessRemoved removed = awaitEvents(service, finding, UngovernedAccessRemoved.class).get(0);
        assertThat(removed.cause()).isEqualTo(UngovernedHandling.REVIEW);
        assertThat(removed.removedBy()).isEqualTo(EmployeeId.of("E1040"));
        assertThat(removed.memberId()).isEqualTo(mallory);
        assertThat(removed.target()).isEqualTo("lab");
        assertThat(peer.members(GROUP)).containsExactly("ada@example.com");
        assertThat(peer.patchRequests()).hasSize(1);
        assertThat(service.published(finding, UngovernedAccessRemoved.class)).hasSize(1);
        assertThat(get(service, "/api/v1/reconciliations/removals?status=REMOVED", "AUDITOR").body()).contains(finding)
                .contains("\"cause\":\"REVIEW\"");
    }

    @Test
    void aRemovalTheTargetCannotMakeIsRecordedFailedWithItsAnswerForIam() throws Exception {
        String finding = "F-" + UUID.randomUUID();
        service.publish(new UngovernedAccessRemovalRequested(EventId.of(UUID.randomUUID().toString()), "UI-2",
                finding, "paper", Entitlement.parse("paper-app:read"), "Paper", "paper-user-1", null, null,
                Instant.now()), "review-scheduler");

        await().atMost(Duration.ofSeconds(60)).until(() -> get(service,
                "/api/v1/reconciliations/removals?status=FAILED", "IAM").body().contains(finding));
        String failed = get(service, "/api/v1/reconciliations/removals?status=FAILED", "IAM").body();
        assertThat(failed).contains("cannot remove members").contains("\"memberId\":\"paper-user-1\"");
        assertThat(service.published(finding, UngovernedAccessRemoved.class)).isEmpty();
        HttpResponse<String> bad = get(service, "/api/v1/reconciliations/removals?status=MAYBE", "IAM");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(get(service, "/api/v1/reconciliations/removals", "EMPLOYEE").statusCode()).isEqualTo(403);
    }

    @Test
    void aTargetWhosePolicyIsRemoveHasItsUngovernedMemberTakenOutByTheRunAndTheGovernedOneKept() throws Exception {
        GrantId ada = provision(service, "E8101", "ada.sweep@example.com", "R-sweep-1", "sweep-app", "sweep");
        String eve = sweepPeer.createUser("eve@example.com");
        sweepPeer.addMemberDirectly(GROUP, "eve@example.com");

        HttpResponse<String> started = startRun(service, "sweep", DevTokens.mint("E1040", "IAM"));
        assertThat(started.statusCode()).isEqualTo(202);
        String id = field(started.body(), "reconciliationId");

        await().atMost(Duration.ofSeconds(60)).until(() -> get(service, "/api/v1/reconciliations/" + id, "IAM").body()
                .contains("\"status\":\"COMPLETED\""));
        String finding = ReconciliationRules.findingId("sweep", GROUP, eve);
        UngovernedAccessDetected detected = awaitEvents(service, finding, UngovernedAccessDetected.class).get(0);
        assertThat(detected.handling()).isEqualTo(UngovernedHandling.REMOVE);
        UngovernedAccessRemoved removed = awaitEvents(service, finding, UngovernedAccessRemoved.class).get(0);
        assertThat(removed.cause()).isEqualTo(UngovernedHandling.REMOVE);
        assertThat(removed.removedBy()).isEqualTo(EmployeeId.of("E1040"));
        assertThat(removed.userName()).isEqualTo("eve@example.com");
        assertThat(sweepPeer.members(GROUP)).containsExactly("ada.sweep@example.com");
        assertThat(service.published(ada.value(), UngovernedAccessRemoved.class)).isEmpty();
        assertThat(awaitEvents(service, id, ReconciliationCompleted.class).get(0).ungoverned()).isEqualTo(1);
    }

    @Test
    void aRunWhoseInstanceDiedIsCompletedFailedExactlyOnceWhileItsTargetIsStartedAgainAndTheScheduleSweeps() throws Exception {
        String abandoned = "RC-abandoned-" + UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        service.bean(CommandGateway.class).sendAndWait(new Reconciliation.StartReconciliation(abandoned, "paper",
                ReconciliationTrigger.SCHEDULED, null, List.of(), longAgo));
        assertThat(service.bean(ReconciliationStore.class).open(abandoned, "paper", "SCHEDULED", null, 0, longAgo,
                longAgo.plus(Duration.ofMinutes(5)))).isTrue();

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> started = startRun(service, "paper", DevTokens.mint("E1040", "IAM"));
            assertThat(started.statusCode()).isEqualTo(202);
            String id = field(started.body(), "reconciliationId");
            awaitEvents(service, id, ReconciliationCompleted.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> !get(service, "/api/v1/reconciliations/" + id, "IAM")
                    .body().contains("\"status\":\"RUNNING\""));
        }

        List<ReconciliationCompleted> completed = awaitEvents(service, abandoned, ReconciliationCompleted.class);
        assertThat(completed).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(ReconciliationOutcome.FAILED);
            assertThat(c.failure()).contains("abandoned");
        });
        assertThat(get(service, "/api/v1/reconciliations/" + abandoned, "IAM").body()).contains("\"status\":\"FAILED\"")
                .contains("abandoned");
    }

    @Test
    void aRunWhoseInstanceDiedIsCompletedFailedByTheScheduleEvenIfItsTargetIsNeverStartedAgain() throws Exception {
        String abandoned = "RC-abandoned-" + UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofHours(2));
        service.bean(CommandGateway.class).sendAndWait(new Reconciliation.StartReconciliation(abandoned, "paper",
                ReconciliationTrigger.ON_DEMAND, EmployeeId.of("E1040"), List.of(), longAgo));
        assertThat(service.bean(ReconciliationStore.class).open(abandoned, "paper", "ON_DEMAND", "E1040", 0, longAgo,
                longAgo.plus(Duration.ofMinutes(5)))).isTrue();

        List<ReconciliationCompleted> completed = awaitEvents(service, abandoned, ReconciliationCompleted.class);

        assertThat(completed).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(ReconciliationOutcome.FAILED);
            assertThat(c.failure()).contains("abandoned");
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> get(service, "/api/v1/reconciliations/" + abandoned, "IAM")
                .body().contains("\"status\":\"FAILED\""));
    }

    @Test
    void aFailedRemovalRetriedByIamIsTakenOutOnceTheTargetAnswersAndLeavesTheFailures() throws Exception {
        String mallory = flakyPeer.createUser("mallory.flaky@example.com");
        flakyPeer.addMemberDirectly(GROUP, "mallory.flaky@example.com");
        String finding = ReconciliationRules.findingId("flaky", GROUP, mallory);
        String requestId = UUID.randomUUID().toString();
        String removal = UngovernedRemoval.forRequest(requestId);
        // The target is down for the first attempt (connections refused, every bounded retry spent).
        flakyPeer.stop();
        service.publish(new UngovernedAccessRemovalRequested(EventId.of(requestId), "UI-3", finding, "flaky",
                Entitlement.parse("flaky-app:read"), GROUP, mallory, EmployeeId.of("E1040"), "not ours",
                Instant.now()), "review-scheduler");
        await().atMost(Duration.ofSeconds(60)).until(() -> get(service,
                "/api/v1/reconciliations/removals?status=FAILED", "IAM").body().contains(removal));

        // Retried while still down: it stays FAILED with the target's new answer.
        HttpResponse<String> stillDown = post(service, "/api/v1/reconciliations/removals/" + removal + "/retry", "IAM");
        assertThat(stillDown.statusCode()).isEqualTo(200);
        assertThat(field(stillDown.body(), "status")).isEqualTo("FAILED");
        assertThat(get(service, "/api/v1/reconciliations/removals?status=FAILED", "IAM").body()).contains(removal);

        // Back up, but slow to answer (two 429s of one second): a second retry while the first runs is refused.
        flakyPeer.restart();
        flakyPeer.failNext(2, 429, "1");
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return post(service, "/api/v1/reconciliations/removals/" + removal + "/retry", "IAM");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> service.bean(EventStore.class).readEvents(removal)
                .asStream().reduce((a, b) -> b).orElseThrow().getPayload()
                instanceof UngovernedRemoval.UngovernedRemovalRetried);
        HttpResponse<String> repeated = post(service, "/api/v1/reconciliations/removals/" + removal + "/retry",
                "ADMIN");
        assertThat(repeated.statusCode()).isEqualTo(409);
        assertThat(repeated.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(repeated.body()).contains("RETRYING");

        HttpResponse<String> done = first.get();
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(field(done.body(), "status")).isEqualTo("REMOVED");
        UngovernedAccessRemoved removed = awaitEvents(service, finding, UngovernedAccessRemoved.class).get(0);
        assertThat(removed.cause()).isEqualTo(UngovernedHandling.REVIEW);
        assertThat(removed.removedBy()).isEqualTo(EmployeeId.of("E1040"));
        assertThat(removed.memberId()).isEqualTo(mallory);
        assertThat(flakyPeer.members(GROUP)).isEmpty();
        assertThat(service.published(finding, UngovernedAccessRemoved.class)).hasSize(1);
        assertThat(get(service, "/api/v1/reconciliations/removals?status=FAILED", "IAM").body()).doesNotContain(removal);
        assertThat(get(service, "/api/v1/reconciliations/removals?status=REMOVED", "IAM").body()).contains(removal);

        HttpResponse<String> again = post(service, "/api/v1/reconciliations/removals/" + removal + "/retry", "IAM");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("removal-not-failed").contains("REMOVED");
    }

    @Test
    void onlyIamOrAdminRetryARemovalAndAnUnknownOneIsNotFound() throws Exception {
        for (String role : List.of("EMPLOYEE", "AUDITOR", "COMPLIANCE", "SECURITY")) {
            HttpResponse<String> refused = post(service, "/api/v1/reconciliations/removals/UR-any/retry", role);
            assertThat(refused.statusCode()).as(role).isEqualTo(403);
            assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
        }
        for (String role : List.of("IAM", "ADMIN")) {
            HttpResponse<String> unknown = post(service, "/api/v1/reconciliations/removals/UR-"
                    + UUID.randomUUID() + "/retry", role);
            assertThat(unknown.statusCode()).as(role).isEqualTo(404);
            assertThat(unknown.headers().firstValue("content-type")).hasValue("application/problem+json");
        }
    }

    @Test
    void aRemovalAReviewAsksForPublishesTheMembersSignInNameFromTheRunsFinding() throws Exception {
        String olga = flakyPeer.createUser("olga@example.com");
        String finding = foundByARun(flakyPeer, "flaky", "olga@example.com", olga);

        service.publish(new UngovernedAccessRemovalRequested(EventId.of(UUID.randomUUID().toString()), "UI-4",
                finding, "flaky", Entitlement.parse("flaky-app:read"), GROUP, olga, EmployeeId.of("E1040"),
                "not ours", Instant.now()), "review-scheduler");

        UngovernedAccessRemoved removed = awaitEvents(service, finding, UngovernedAccessRemoved.class).get(0);
        assertThat(removed.userName()).isEqualTo("olga@example.com");
        assertThat(removed.memberId()).isEqualTo(olga);
        assertThat(flakyPeer.members(GROUP)).doesNotContain("olga@example.com");
    }

    /**
     * A review decides long after the run that found the member (a campaign runs for days): a member granted the same
     * entitlement through AccessLedger meanwhile — the connector found them in the group already and counted it done —
     * is governed now, and taking them out would leave an ACTIVE grant without its access on the target.
     */
    @Test
    void aMemberGrantedTheEntitlementSinceTheFindingIsNotTakenOutByItsReviewsRemoval() throws Exception {
        String grace = keptPeer.createUser("grace@example.com");
        String finding = foundByARun(keptPeer, "kept", "grace@example.com", grace);
        GrantId granted = provision(service, "E8102", "grace@example.com", "R-kept-1", "kept-app", "kept");

        String requestId = UUID.randomUUID().toString();
        String removal = UngovernedRemoval.forRequest(requestId);
        service.publish(new UngovernedAccessRemovalRequested(EventId.of(requestId), "UI-5", finding, "kept",
                Entitlement.parse("kept-app:read"), GROUP, grace, EmployeeId.of("E1040"), "not ours",
                Instant.now()), "review-scheduler");

        await().atMost(Duration.ofSeconds(60)).until(() -> get(service, "/api/v1/reconciliations/removals", "IAM")
                .body().contains(removal));
        assertThat(keptPeer.members(GROUP)).contains("grace@example.com");
        assertThat(service.published(finding, UngovernedAccessRemoved.class)).isEmpty();
        assertThat(get(service, "/api/v1/reconciliations/removals?status=FAILED", "IAM").body()).contains(removal)
                .contains(granted.value());
    }

    @Test
    void aMemberWhoseGrantIsBeingProvisionedIsNotTakenOutThoughTheGrantsViewDoesNotShowItYet() throws Exception {
        String ivy = keptPeer.createUser("ivy@example.com");
        String finding = foundByARun(keptPeer, "kept", "ivy@example.com", ivy);
        service.hire("E8103", "Ivy", "ivy@example.com", null);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(PeopleView.class)
                .listed(java.util.Set.of("E8103")).containsKey("E8103"));
        // the target answers the grant's first call 503, retry in five minutes: the grant stays PROVISIONING
        keptPeer.failNext(1, 503, "300");
        GrantId pending = service.approve("E8103", "R-kept-pending-1", "kept-app:read", "kept", "E1040");
        await().atMost(Duration.ofSeconds(60)).until(() -> !service.jdbc().queryForList(
                "select 1 from grant_attempts where grant_id = ? and attempts >= 1", Integer.class,
                pending.value()).isEmpty());

        String requestId = UUID.randomUUID().toString();
        String removal = UngovernedRemoval.forRequest(requestId);
        service.publish(new UngovernedAccessRemovalRequested(EventId.of(requestId), "UI-6", finding, "kept",
                Entitlement.parse("kept-app:read"), GROUP, ivy, EmployeeId.of("E1040"), "not ours", Instant.now()),
                "review-scheduler");

        await().atMost(Duration.ofSeconds(60)).until(() -> get(service, "/api/v1/reconciliations/removals", "IAM")
                .body().contains(removal));
        assertThat(keptPeer.members(GROUP)).contains("ivy@example.com");
        assertThat(get(service, "/api/v1/reconciliations/removals?status=FAILED", "IAM").body()).contains(removal)
                .contains(pending.value());
    }

    /**
     * {@code login} (the target's user {@code memberId}) put in the target's group by hand, and found there by a run
     * the IAM started: the finding, recorded with the member's sign-in name.
     */
    private static String foundByARun(ScimPeer peer, String target, String login, String memberId) throws Exception {
        peer.addMemberDirectly(GROUP, login);
        HttpResponse<String> started = startRun(service, target, DevTokens.mint("E1040", "IAM"));
        assertThat(started.statusCode()).isEqualTo(202);
        String finding = ReconciliationRules.findingId(target, GROUP, memberId);
        assertThat(awaitEvents(service, finding, UngovernedAccessDetected.class).get(0).userName()).isEqualTo(login);
        return finding;
    }
}
