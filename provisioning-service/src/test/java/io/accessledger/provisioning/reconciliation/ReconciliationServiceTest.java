package io.accessledger.provisioning.reconciliation;

import static io.accessledger.provisioning.reconciliation.ReconciliationCalls.awaitEvents;
import static io.accessledger.provisioning.reconciliation.ReconciliationCalls.field;
import static io.accessledger.provisioning.reconciliation.ReconciliationCalls.get;
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
import io.accessledger.events.provisioning.AccessDriftDetected;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.ReconciliationCompleted;
import io.accessledger.events.provisioning.ReconciliationOutcome;
import io.accessledger.events.provisioning.ReconciliationStarted;
import io.accessledger.events.provisioning.UngovernedAccessDetected;
import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.provisioning.ServiceFixture;
import io.accessledger.provisioning.connectors.okta.OktaConnector;
import io.accessledger.provisioning.connectors.okta.OktaFake;
import io.accessledger.provisioning.connectors.scim.ScimPeer;
import io.accessledger.web.DevTokens;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation of a SCIM target in the whole service (real KRaft broker, real PostgreSQL, the independent SCIM
 * server {@link ScimPeer}): grants provisioned through the connector, the target changed behind AccessLedger's back,
 * a reconciliation started over HTTP, and what it publishes.
 */
class ReconciliationServiceTest {
    private static final String TOKEN = "peer-token";
    private static final String GROUP = "Lab Readers";
    private static ScimPeer peer;
    /** The target reconciled on a schedule, apart, so its reads never take the throttled answers meant for lab. */
    private static ScimPeer scheduledPeer;
    private static ServiceFixture service;
    /** An Okta org (recorded from Okta's public API docs), reconciled through its paged member list. */
    private static OktaFake okta;
    private static String oktaReaders;

    @BeforeAll
    static void start() {
        peer = ScimPeer.start(0, TOKEN);
        peer.createGroup(GROUP);
        scheduledPeer = ScimPeer.start(0, TOKEN);
        scheduledPeer.createGroup(GROUP);
        okta = new OktaFake(Clock.systemUTC(), TOKEN);
        oktaReaders = okta.addGroup(GROUP);
        service = ServiceFixture.start("provisioning_reconciliation", List.of(),
                "--accessledger.notifications.enabled=false",
                "--accessledger.provisioning.targets.lab.type=scim",
                "--accessledger.provisioning.targets.lab.baseUrl=" + peer.baseUrl(),
                "--accessledger.provisioning.targets.lab.token=" + TOKEN,
                "--accessledger.provisioning.targets.lab.groups[0].entitlement=lab-app:read",
                "--accessledger.provisioning.targets.lab.groups[0].group=" + GROUP,
                "--accessledger.provisioning.targets.paper.type=manual",
                "--accessledger.provisioning.targets.okta-lab.type=okta",
                "--accessledger.provisioning.targets.okta-lab.orgUrl=" + okta.baseUrl(),
                "--accessledger.provisioning.targets.okta-lab.apiToken=" + TOKEN,
                "--accessledger.provisioning.targets.okta-lab.groups[0].entitlement=okta-app:read",
                "--accessledger.provisioning.targets.okta-lab.groups[0].group=" + GROUP,
                "--accessledger.provisioning.targets.nightly.type=scim",
                "--accessledger.provisioning.targets.nightly.baseUrl=" + scheduledPeer.baseUrl(),
                "--accessledger.provisioning.targets.nightly.token=" + TOKEN,
                "--accessledger.provisioning.targets.nightly.groups[0].entitlement=nightly-app:read",
                "--accessledger.provisioning.targets.nightly.groups[0].group=" + GROUP,
                "--accessledger.provisioning.targets.nightly.reconcile-every=PT2S",
                "--accessledger.provisioning.reconciliation.schedule-check-every=PT0.5S",
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
        if (scheduledPeer != null) {
            scheduledPeer.stop();
        }
        if (okta != null) {
            okta.close();
        }
    }

    @Test
    void aMemberAddedBehindItsBackIsUngovernedAndAMemberRemovedIsDriftAndTheRunCountsBoth() throws Exception {
        GrantId ada = provision(service, "E8001", "ada@example.com", "R-recon-1", "lab-app", "lab");
        GrantId bob = provision(service, "E8002", "bob@example.com", "R-recon-2", "lab-app", "lab");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.jdbc().queryForObject(
                "select count(*) from grant_view where status = 'ACTIVE' and grant_id in (?, ?)", Integer.class,
                ada.value(), bob.value()) == 2);
        peer.createUser("mallory@example.com");
        peer.addMemberDirectly(GROUP, "mallory@example.com");
        peer.removeMemberDirectly(GROUP, "bob@example.com");
        // The target throttles the first read once: the run waits its Retry-After and reads the same page again.
        peer.failNext(1, 429, "1");
        long groupReadsBefore = groupReads();

        HttpResponse<String> started = startRun(service, "lab", DevTokens.mint("E1040", "IAM"));
        assertThat(started.statusCode()).isEqualTo(202);
        String id = field(started.body(), "reconciliationId");
        assertThat(started.headers().firstValue("Location")).hasValue("/api/v1/reconciliations/" + id);

        await().atMost(Duration.ofSeconds(60)).until(() -> get(service, "/api/v1/reconciliations/" + id, "AUDITOR")
                .body().contains("\"status\":\"COMPLETED\""));
        String run = get(service, "/api/v1/reconciliations/" + id, "AUDITOR").body();
        assertThat(run).contains("\"entitlementsDone\":1").contains("\"entitlementsTotal\":1")
                .contains("\"membersRead\":2").contains("\"grantsCompared\":2").contains("\"ungoverned\":1")
                .contains("\"drifted\":1").contains("\"target\":\"lab\"");
        assertThat(groupReads() - groupReadsBefore).as("the throttled read of the group, then the same read again")
                .isEqualTo(2);

        String mallory = peer.userByUserName("mallory@example.com").orElseThrow().id();
        String finding = ReconciliationRules.findingId("lab", GROUP, mallory);
        List<UngovernedAccessDetected> detected = awaitEvents(service, finding, UngovernedAccessDetected.class);
        assertThat(detected).hasSize(1);
        assertThat(detected.get(0).userName()).isEqualTo("mallory@example.com");
        assertThat(detected.get(0).memberId()).isEqualTo(mallory);
        assertThat(detected.get(0).reconciliationId()).isEqualTo(id);
        assertThat(detected.get(0).handling()).isEqualTo(UngovernedHandling.REVIEW);
        assertThat(detected.get(0).entitlement()).isEqualTo(Entitlement.parse("lab-app:read"));

        List<AccessDriftDetected> drift = awaitEvents(service, bob.value(), AccessDriftDetected.class);
        assertThat(drift).hasSize(1);
        assertThat(drift.get(0).employeeId()).isEqualTo(EmployeeId.of("E8002"));
        assertThat(drift.get(0).group()).isEqualTo(GROUP);
        assertThat(service.published(ada.value(), AccessDriftDetected.class)).isEmpty();

        assertThat(awaitEvents(service, id, ReconciliationStarted.class).get(0).requestedBy())
                .isEqualTo(EmployeeId.of("E1040"));
        ReconciliationCompleted completed = awaitEvents(service, id, ReconciliationCompleted.class).get(0);
        assertThat(completed.outcome()).isEqualTo(ReconciliationOutcome.COMPLETED);
        assertThat(List.of(completed.membersRead(), completed.grantsCompared(), completed.ungoverned(),
                completed.drifted())).containsExactly(2L, 2L, 1L, 1L);
        assertThat(get(service, "/api/v1/reconciliations?target=lab", "COMPLIANCE").body()).contains(id);
    }

    @Test
    void anOktaGroupIsReadThroughItsPagedMemberListAndOnlyTheMemberNoGrantExplainsIsUngoverned() throws Exception {
        okta.addUser("olga@example.com", "Olga", "Lab");
        GrantId olga = provision(service, "E8011", "olga@example.com", "R-recon-okta-1", "okta-app", "okta-lab");
        okta.addUser("bystander@example.com", "By", "Stander");
        String mallory = okta.addUser("mallory.okta@example.com", "Mallory", "Okta");
        okta.addMember(oktaReaders, mallory);
        for (int i = 0; i < OktaConnector.PAGE_SIZE; i++) {
            String member = okta.addUser("contractor" + i + "@partner.example", "Con", "Tractor");
            okta.addMember(oktaReaders, member);
        }

        HttpResponse<String> started = startRun(service, "okta-lab", DevTokens.mint("E1040", "IAM"));
        assertThat(started.statusCode()).isEqualTo(202);
        String id = field(started.body(), "reconciliationId");

        ReconciliationCompleted completed = awaitEvents(service, id, ReconciliationCompleted.class).get(0);
        assertThat(completed.outcome()).as(completed.failure()).isEqualTo(ReconciliationOutcome.COMPLETED);
        assertThat(completed.membersRead()).isEqualTo(OktaConnector.PAGE_SIZE + 2L);
        assertThat(completed.grantsCompared()).isEqualTo(1L);
        assertThat(completed.ungoverned()).isEqualTo(OktaConnector.PAGE_SIZE + 1L);
        assertThat(completed.drifted()).isZero();
        assertThat(okta.requests()).filteredOn(r -> r.path().endsWith("/users") && r.method().equals("GET"))
                .as("two pages of the group's members").hasSize(2);
        UngovernedAccessDetected found = awaitEvents(service, ReconciliationRules.findingId("okta-lab", GROUP, mallory),
                UngovernedAccessDetected.class).get(0);
        assertThat(found.userName()).isEqualTo("mallory.okta@example.com");
        assertThat(found.target()).isEqualTo("okta-lab");
        assertThat(service.published(olga.value(), AccessDriftDetected.class)).isEmpty();
    }

    @Test
    void twoStartsAtOnceStartOneRunAndRefuseTheOtherWithAConflict() throws Exception {
        // The target throttles the first read, so the first run is still running when the second start arrives.
        peer.failNext(1, 429, "2");
        String iam = DevTokens.mint("E1040", "IAM");
        CompletableFuture<HttpResponse<String>> one = CompletableFuture.supplyAsync(() -> startQuietly(iam));
        CompletableFuture<HttpResponse<String>> two = CompletableFuture.supplyAsync(() -> startQuietly(iam));
        List<Integer> statuses = List.of(one.get().statusCode(), two.get().statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(202, 409);
        HttpResponse<String> refused = one.get().statusCode() == 409 ? one.get() : two.get();
        assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
        String id = field((one.get().statusCode() == 202 ? one.get() : two.get()).body(), "reconciliationId");
        await().atMost(Duration.ofSeconds(60)).until(() -> !get(service, "/api/v1/reconciliations/" + id, "IAM").body()
                .contains("\"status\":\"RUNNING\""));
    }

    @Test
    void aRoleWithoutRightsIsRefusedAndAnUnknownTargetIsNotFound() throws Exception {
        HttpResponse<String> employee = startRun(service, "lab", DevTokens.mint("E1001", "EMPLOYEE"));
        assertThat(employee.statusCode()).isEqualTo(403);
        assertThat(employee.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(get(service, "/api/v1/reconciliations", "EMPLOYEE").statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = startRun(service, "nowhere", DevTokens.mint("E1040", "COMPLIANCE"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(get(service, "/api/v1/reconciliations/RC-none", "IAM").statusCode()).isEqualTo(404);
    }

    @Test
    void aManualTargetCannotBeReadAndFailsTheRunWithTheConnectorsAnswer() throws Exception {
        HttpResponse<String> started = startRun(service, "paper", DevTokens.mint("E1040", "COMPLIANCE"));
        assertThat(started.statusCode()).isEqualTo(202);
        String id = field(started.body(), "reconciliationId");
        ReconciliationCompleted completed = awaitEvents(service, id, ReconciliationCompleted.class).get(0);
        assertThat(completed.outcome()).isEqualTo(ReconciliationOutcome.FAILED);
        assertThat(completed.failure()).contains("cannot be read for reconciliation");
        assertThat(get(service, "/api/v1/reconciliations/" + id, "IAM").body()).contains("\"status\":\"FAILED\"")
                .contains("cannot be read for reconciliation");
    }

    @Test
    void aTargetWithAPeriodIsReconciledOnItsScheduleAndOnlyThat() throws Exception {
        scheduledPeer.createUser("eve@example.com");
        scheduledPeer.addMemberDirectly(GROUP, "eve@example.com");
        await().atMost(Duration.ofSeconds(60)).until(() -> completedRuns("nightly") >= 2);
        String runs = get(service, "/api/v1/reconciliations?target=nightly", "IAM").body();
        assertThat(runs).contains("\"trigger\":\"SCHEDULED\"").doesNotContain("\"trigger\":\"ON_DEMAND\"");
        String eve = scheduledPeer.userByUserName("eve@example.com").orElseThrow().id();
        // Found by every run, under the same finding id.
        await().atMost(Duration.ofSeconds(60)).until(() -> service.published(
                ReconciliationRules.findingId("nightly", GROUP, eve), UngovernedAccessDetected.class).size() >= 2);
        assertThat(service.published(ReconciliationRules.findingId("nightly", GROUP, eve),
                UngovernedAccessDetected.class)).extracting(UngovernedAccessDetected::reconciliationId)
                .doesNotHaveDuplicates();
        assertThat(get(service, "/api/v1/reconciliations?target=lab", "IAM").body()).doesNotContain("SCHEDULED");
    }

    private static long groupReads() {
        return peer.requests().stream().filter(r -> r.startsWith("GET /scim/v2/Groups")).count();
    }

    private static long completedRuns(String target) throws Exception {
        return Pattern.compile("\"status\":\"COMPLETED\"").matcher(get(service,
                "/api/v1/reconciliations?target=" + target, "IAM").body()).results().count();
    }

    private static HttpResponse<String> startQuietly(String token) {
        try {
            return startRun(service, "lab", token);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
