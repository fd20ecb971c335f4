package io.accessledger.provisioning.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
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
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.provisioning.ServiceFixture;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.spine.inbound.HandledEvents;
import io.accessledger.web.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The connector worker in the whole service (real KRaft broker, real PostgreSQL): transient failures retried with
 * back-off until the target answers, permanent refusals failed at once and sent back by IAM, the budget spent, a call
 * longer than its lease keeping its row (the lease renewed) and made once, and a call that hangs past the longest a
 * lease is renewed made twice yet provisioned once, and a target's {@code concurrency} bounding its calls at once. The
 * connector is a scripted one of type
 * {@code scripted}; the real connectors are tested against their own peers (SCIM server, Okta and Graph fakes).
 */
class ConnectorRetriesServiceTest {
    private static final Map<String, Queue<Supplier<Connector.Result>>> SCRIPTS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> REVOKES = new ConcurrentHashMap<>();
    /** Calls running now and the most ever running at once, by target id. */
    private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> MOST_AT_ONCE = new ConcurrentHashMap<>();
    private static ServiceFixture service;

    /** Answers each call of an employee with the next scripted behaviour; Done once the script is spent. */
    @Configuration(proxyBeanMethods = false)
    static class ScriptedConnectorConfiguration {
        @Bean
        Connector scriptedConnector() {
            return new Connector() {
                @Override
                public String type() {
                    return "scripted";
                }

                @Override
                public Result grant(Assignment assignment, TargetSettings target) {
                    String who = assignment.employeeId().value();
                    CALLS.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
                    int now = RUNNING.computeIfAbsent(target.id(), k -> new AtomicInteger()).incrementAndGet();
                    MOST_AT_ONCE.computeIfAbsent(target.id(), k -> new AtomicInteger()).accumulateAndGet(now,
                            Math::max);
                    try {
                        Supplier<Result> next = SCRIPTS.getOrDefault(who, new ConcurrentLinkedQueue<>()).poll();
                        return next == null ? new Result.Done("ok:" + assignment.login()) : next.get();
                    } finally {
                        RUNNING.get(target.id()).decrementAndGet();
                    }
                }

                @Override
                public Result revoke(Assignment assignment, TargetSettings target) {
                    REVOKES.computeIfAbsent(assignment.employeeId().value(), k -> new AtomicInteger())
                            .incrementAndGet();
                    return new Result.Done("removed");
                }
            };
        }
    }

    @BeforeAll
    static void startService() {
        service = ServiceFixture.start("provisioning_retries", List.of(ScriptedConnectorConfiguration.class),
                "--accessledger.notifications.enabled=false",
                "--accessledger.provisioning.targets.lab.type=scripted",
                "--accessledger.provisioning.targets.narrow.type=scripted",
                "--accessledger.provisioning.targets.narrow.concurrency=1",
                "--accessledger.provisioning.retry.max-attempts=4",
                "--accessledger.provisioning.retry.initial-backoff=PT0.2S",
                "--accessledger.provisioning.retry.max-backoff=PT1S",
                "--accessledger.provisioning.worker.poll-every=PT0.1S",
                "--accessledger.provisioning.worker.threads=2",
                "--accessledger.provisioning.worker.lease=PT2S",
                "--accessledger.provisioning.worker.max-hold=PT4S");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void transientFailuresAreRetriedUntilTheTargetAnswersAndTheGrantIsProvisionedOnce() throws Exception {
        String employee = "E7001";
        SCRIPTS.put(employee, new ConcurrentLinkedQueue<>(List.of(
                () -> {
                    throw ConnectorFailure.transientFailure("connect timed out", null, null);
                },
                () -> {
                    throw ConnectorFailure.transientFailure("429 Too Many Requests", Duration.ofMillis(300), null);
                })));
        GrantId grant = approve(employee, "R-retry-1");

        List<AccessProvisioned> provisioned = awaitEvents(grant, AccessProvisioned.class, 1);
        assertThat(CALLS.get(employee)).hasValue(3);
        assertThat(provisioned.get(0).connector()).isEqualTo("scripted");
        assertThat(provisioned.get(0).reference()).isEqualTo("ok:" + employee.toLowerCase() + "@example.com");
        JdbcTemplate jdbc = service.jdbc();
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(status(grant)));
        assertThat(jdbc.queryForObject("select attempts from grant_attempts where grant_id = ?", Integer.class,
                grant.value())).isEqualTo(2);
        assertThat(jdbc.queryForObject("select last_answer from grant_attempts where grant_id = ?", String.class,
                grant.value())).isEqualTo("429 Too Many Requests");
        assertThat(prometheus()).contains("accessledger_provisioning_attempts_total{operation=\"grant\","
                + "outcome=\"transient-failure\",target=\"lab\"}");
    }

    @Test
    void aPermanentRefusalFailsAtOnceAndIamSendsTheGrantBack() throws Exception {
        String employee = "E7002";
        SCRIPTS.put(employee, new ConcurrentLinkedQueue<>(List.of(() -> {
            throw ConnectorFailure.permanent("404 E0000007 Not found: no such group");
        })));
        GrantId grant = approve(employee, "R-retry-2");

        ProvisioningFailed failed = awaitEvents(grant, ProvisioningFailed.class, 1).get(0);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.error()).isEqualTo("404 E0000007 Not found: no such group");
        assertThat(CALLS.get(employee)).hasValue(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(grant)));

        HttpResponse<String> notIam = retry(grant, DevTokens.mint("E1001", "EMPLOYEE"));
        assertThat(notIam.statusCode()).isEqualTo(403);
        assertThat(notIam.headers().firstValue("content-type")).hasValue("application/problem+json");
        HttpResponse<String> retried = retry(grant, DevTokens.mint("E1040", "IAM"));
        assertThat(retried.statusCode()).isEqualTo(200);

        assertThat(awaitEvents(grant, ProvisioningRetried.class, 1).get(0).retriedBy())
                .isEqualTo(EmployeeId.of("E1040"));
        awaitEvents(grant, AccessProvisioned.class, 1);
        assertThat(CALLS.get(employee)).hasValue(2);
        HttpResponse<String> again = retry(grant, DevTokens.mint("E1040", "IAM"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("urn:accessledger:problem:grant-not-failed");
    }

    @Test
    void theGrantFailsWithTheLastAnswerWhenTheBudgetIsSpent() {
        String employee = "E7003";
        List<Supplier<Connector.Result>> script = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int n = i;
            script.add(() -> {
                throw ConnectorFailure.transientFailure("503 Service Unavailable (" + n + ")", null, null);
            });
        }
        SCRIPTS.put(employee, new ConcurrentLinkedQueue<>(script));
        GrantId grant = approve(employee, "R-retry-3");

        ProvisioningFailed failed = awaitEvents(grant, ProvisioningFailed.class, 1).get(0);
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(failed.error()).isEqualTo("503 Service Unavailable (4)");
        assertThat(CALLS.get(employee)).hasValue(4);
    }

    @Test
    void aRequestWithdrawnBeforeItsApprovalReachedProvisioningIsNeverProvisioned() {
        String employee = "E7031";
        RequestId request = RequestId.of("R-withdrawn-1");
        service.hire(employee, "Person " + employee, employee.toLowerCase() + "@example.com", null);
        withdrawAndAwaitIt(employee, request);

        AccessApproved approved = approval(employee, request, "lab");
        service.publish(approved, "approval-service");
        awaitHandled(approved.eventId());

        GrantId grant = Ids.grantFor(request);
        assertThat(service.jdbc().queryForObject("select count(*) from provisioning_queue where grant_id = ?",
                Long.class, grant.value())).as("no call queued").isZero();
        assertThat(CALLS.get(employee)).as("the target never called").isNull();
        assertThat(events(grant, AccessProvisioned.class)).isEmpty();
    }

    @Test
    void aGrantWhoseRequestIsWithdrawnAfterItsApprovalIsTakenAwayByTheWithdrawer() {
        String employee = "E7032";
        GrantId grant = approve(employee, "R-withdrawn-2");
        awaitEvents(grant, AccessProvisioned.class, 1);

        withdrawAndAwaitIt(employee, RequestId.of("R-withdrawn-2"));

        AccessRevoked revoked = awaitEvents(grant, AccessRevoked.class, 1).get(0);
        assertThat(revoked.revocationReason()).isEqualTo(RevocationReason.MANUAL);
        assertThat(revoked.revokedBy()).isEqualTo(EmployeeId.of(employee));
        assertThat(REVOKES.get(employee)).hasValue(1);
    }

    @Test
    void aCallLongerThanItsLeaseKeepsItsRowWhileItRunsAndIsMadeOnce() throws Exception {
        String employee = "E7006";
        SCRIPTS.put(employee, new ConcurrentLinkedQueue<>(List.of(() -> {
            // 3 s: past the 2 s lease, within the 4 s for which a running call renews it.
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Connector.Result.Done("slow but alive");
        })));
        GrantId grant = approve(employee, "R-retry-6");

        assertThat(awaitEvents(grant, AccessProvisioned.class, 1).get(0).reference()).isEqualTo("slow but alive");
        // Before the lease was renewed, another poll took the row at 2 s and called the target a second time.
        assertThat(CALLS.get(employee)).hasValue(1);
    }

    @Test
    void aCallThatHangsPastItsLongestHoldIsMadeAgainButTheGrantIsProvisionedOnce() throws Exception {
        String employee = "E7004";
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean slowCallReturned = new java.util.concurrent.atomic.AtomicBoolean();
        SCRIPTS.put(employee, new ConcurrentLinkedQueue<>(List.of(() -> {
            // The first call hangs past its lease (2 s) and the 4 s it may renew it, until the test lets it go, after
            // the second call provisioned.
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slowCallReturned.set(true);
            return new Connector.Result.Done("slow");
        })));
        GrantId grant = approve(employee, "R-retry-4");

        awaitEvents(grant, AccessProvisioned.class, 1);
        assertThat(CALLS.get(employee)).hasValue(2);
        release.countDown();
        await().atMost(Duration.ofSeconds(20)).untilTrue(slowCallReturned);
        // The slow first call now reports attempt 1 as done, late: it must change nothing.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> events(grant, AccessProvisioned.class).size() == 1);
    }

    @Test
    void aGrantIsListedAsProvisioningWithItsProgressBeforeItHasPublishedAnything() throws Exception {
        String employee = "E7005";
        SCRIPTS.put(employee, new ConcurrentLinkedQueue<>(List.of(() -> {
            throw ConnectorFailure.transientFailure("503 Service Unavailable", Duration.ofSeconds(30), null);
        })));
        GrantId grant = approve(employee, "R-retry-5");

        await().atMost(Duration.ofSeconds(30)).until(() -> listed(employee).contains("\"failedAttempts\":1"));
        assertThat(listed(employee)).contains("\"grantId\":\"" + grant.value() + "\"")
                .contains("\"status\":\"PROVISIONING\"").contains("\"lastAnswer\":\"503 Service Unavailable\"");
        // Only internal events so far: the grants list has it from the queue, not from grant_view.
        assertThat(events(grant, DomainEvent.class)).isEmpty();
        assertThat(status(grant)).isNull();
    }

    @Test
    void aTargetsConcurrencyBoundsItsCallsAtOnceWhileAnotherTargetGetsSeveral() {
        // lab (the default concurrency, within the worker's 2 threads): two slow calls run side by side.
        java.util.concurrent.CountDownLatch bothRunning = new java.util.concurrent.CountDownLatch(2);
        List<GrantId> grants = new ArrayList<>();
        for (String employee : List.of("E7011", "E7012")) {
            SCRIPTS.put(employee, new ConcurrentLinkedQueue<>(List.of(() -> {
                bothRunning.countDown();
                awaitQuietly(bothRunning, 10_000);
                return new Connector.Result.Done("side by side");
            })));
            grants.add(approve(employee, "R-" + employee, "lab"));
        }
        // narrow (concurrency 1): three slow calls, one after the other.
        for (String employee : List.of("E7021", "E7022", "E7023")) {
            SCRIPTS.put(employee, new ConcurrentLinkedQueue<>(List.of(() -> {
                awaitQuietly(new java.util.concurrent.CountDownLatch(1), 400);
                return new Connector.Result.Done("one at a time");
            })));
            grants.add(approve(employee, "R-" + employee, "narrow"));
        }

        grants.forEach(grant -> awaitEvents(grant, AccessProvisioned.class, 1));
        assertThat(MOST_AT_ONCE.get("lab")).hasValue(2);
        assertThat(MOST_AT_ONCE.get("narrow")).hasValue(1);
        for (String employee : List.of("E7011", "E7012", "E7021", "E7022", "E7023")) {
            assertThat(CALLS.get(employee)).as(employee).hasValue(1);
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch, long millis) {
        try {
            latch.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String listed(String employee) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/grants?employeeId=" + employee))
                .header("Authorization", "Bearer " + DevTokens.mint("E1040", "IAM")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String status(GrantId grant) {
        List<String> rows = service.jdbc().queryForList("select status from grant_view where grant_id = ?",
                String.class, grant.value());
        return rows.isEmpty() ? null : rows.get(0);
    }

    private GrantId approve(String employee, String requestId) {
        return approve(employee, requestId, "lab");
    }

    private GrantId approve(String employee, String requestId, String target) {
        service.hire(employee, "Person " + employee, employee.toLowerCase() + "@example.com", null);
        RequestId request = RequestId.of(requestId);
        service.publish(approval(employee, request, target), "approval-service");
        return Ids.grantFor(request);
    }

    private static AccessApproved approval(String employee, RequestId request, String target) {
        return new AccessApproved(EventId.of(UUID.randomUUID().toString()), request, EmployeeId.of(employee),
                Entitlement.parse("lab-app:read"), new ResourceSnapshot("lab-app", "Lab app", target,
                        EmployeeId.of("E1040"), Sensitivity.LOW, List.of(), false),
                new Conditions(Duration.ofDays(30), null, null), List.of("policy"), "1", Duration.ofDays(90),
                Instant.parse("2026-11-02T09:00:00Z"));
    }

    /** {@code RequestWithdrawn} of {@code request} by its beneficiary {@code employee}, published and handled. */
    private static void withdrawAndAwaitIt(String employee, RequestId request) {
        RequestWithdrawn withdrawn = new RequestWithdrawn(EventId.of(UUID.randomUUID().toString()), request,
                EmployeeId.of(employee), WithdrawalReason.byRequester("No longer needed"),
                Instant.parse("2026-11-02T09:00:30Z"));
        service.publish(withdrawn, "request-service");
        awaitHandled(withdrawn.eventId());
    }

    private static void awaitHandled(EventId eventId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(HandledEvents.class).handled("grant-driver",
                eventId.value()));
    }

    private static <T extends DomainEvent> List<T> awaitEvents(GrantId grant, Class<T> type, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> events(grant, type).size() >= count);
        return events(grant, type);
    }

    private static <T extends DomainEvent> List<T> events(GrantId grant, Class<T> type) {
        return service.published(grant.value(), type);
    }

    private static HttpResponse<String> retry(GrantId grant, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/grants/" + grant.value() + "/retry"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"group created on the target\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String prometheus() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
