package io.accessledger.review.cleanup;

import static io.accessledger.review.ReviewServiceFixture.newId;
import static io.accessledger.review.ReviewServiceFixture.provisioned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeUpdated;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.review.ReviewServiceFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole service, as it runs: identity and provisioning events on a real (in-JVM KRaft) broker, its own
 * PostgreSQL, a clock the test sets; the revocations it asks for are read from its event store.
 */
class LeaverCleanupServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    private static final String CLEANUP = "leaver-cleanup";
    private static ReviewServiceFixture service;

    @BeforeAll
    static void startService() {
        service = ReviewServiceFixture.start("review_leavers", NOW);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void clockAtNow() {
        service.setClock(NOW);
    }

    @Test
    void aLeaverLosesEveryGrantOnceIncludingOneThatCompletesAfterTheyLeft() {
        EmployeeId leaver = EmployeeId.of("E1051");
        GrantId jira = grant("R-lv-1", leaver, "jira:edit");
        GrantId github = grant("R-lv-2", leaver, "github:write");

        EmployeeTerminated terminated = terminated(leaver, TODAY);
        service.publishHandled(terminated, "request-service", CLEANUP);

        assertThat(service.revocations(jira)).singleElement().satisfies(revocation -> {
            assertThat(revocation.revocationReason()).isEqualTo(RevocationReason.LEAVER);
            assertThat(revocation.employeeId()).isEqualTo(leaver);
            assertThat(revocation.note()).isEqualTo("Left the organisation");
        });
        assertThat(service.revocations(github)).hasSize(1);

        GrantId late = grant("R-lv-3", leaver, "confluence:read");
        assertThat(service.revocations(late)).singleElement()
                .extracting(AccessRevocationRequested::revocationReason).isEqualTo(RevocationReason.LEAVER);

        // Redelivered as it was (the spine's dedupe) and again as another event (past it), then swept: nothing new.
        service.publishHandled(terminated, "request-service", CLEANUP);
        service.publishHandled(terminated(leaver, TODAY), "request-service", CLEANUP);
        service.bean(LeaverCleanup.class).sweep();
        assertThat(List.of(jira, github, late)).allSatisfy(grant -> assertThat(service.revocations(grant)).hasSize(1));
    }

    @Test
    void aTerminationEffectiveInTheFutureTakesTheGrantsWhenTheClockReachesItAndOnlyThen() {
        EmployeeId leaver = EmployeeId.of("E1052");
        LocalDate lastDay = TODAY.plusDays(3);
        GrantId salesforce = grant("R-lv-4", leaver, "salesforce:edit");
        service.publishHandled(terminated(leaver, lastDay), "request-service", CLEANUP);
        LeaverCleanup cleanup = service.bean(LeaverCleanup.class);

        cleanup.sweep();
        service.setClock(lastDay.atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1));
        cleanup.sweep();
        assertThat(service.revocations(salesforce)).isEmpty();

        service.setClock(lastDay.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1)));
        cleanup.sweep();
        cleanup.sweep();
        assertThat(service.revocations(salesforce)).singleElement()
                .extracting(AccessRevocationRequested::revocationReason).isEqualTo(RevocationReason.LEAVER);
    }

    @Test
    void aLeaverReinstatedBeforeTheTerminationsDateKeepsTheirGrants() {
        EmployeeId reinstated = EmployeeId.of("E1055");
        LocalDate lastDay = TODAY.plusDays(5);
        GrantId kept = grant("R-lv-8", reinstated, "jira:edit");
        service.publishHandled(terminated(reinstated, lastDay), "request-service", CLEANUP);

        service.publishHandled(new EmployeeUpdated(newId(), reinstated, profile(reinstated, EmploymentStatus.ACTIVE),
                List.of("status"), TODAY.plusDays(1), "bamboohr", NOW.plus(Duration.ofDays(1))), "request-service",
                CLEANUP);
        service.setClock(lastDay.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1)));
        service.bean(LeaverCleanup.class).sweep();
        GrantId afterTheDate = grant("R-lv-9", reinstated, "confluence:read");

        assertThat(service.revocations(kept)).isEmpty();
        assertThat(service.revocations(afterTheDate)).isEmpty();
    }

    @Test
    void aGrantWhoseScheduleConflictsDoesNotStopTheSweepTheOthersGoAndTheNextSweepTakesIt() {
        LocalDate lastDay = TODAY.plusDays(2);
        EmployeeId first = EmployeeId.of("E1053");
        EmployeeId second = EmployeeId.of("E1054");
        GrantId conflicting = grant("R-lv-5", first, "aws-prod:admin");
        GrantId beside = grant("R-lv-6", first, "jira:edit");
        GrantId othersGrant = grant("R-lv-7", second, "github:write");
        service.publishHandled(terminated(first, lastDay), "request-service", CLEANUP);
        service.publishHandled(terminated(second, lastDay), "request-service", CLEANUP);
        AtomicBoolean conflict = new AtomicBoolean(true);
        Registration conflicts = service.revocationsConflictFor(conflicting, conflict::get);
        try {
            service.setClock(lastDay.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1)));
            LeaverCleanup cleanup = service.bean(LeaverCleanup.class);
            double failuresBefore = service.jobFailures("leaver-sweep");

            cleanup.sweep();
            assertThat(service.revocations(beside)).hasSize(1);
            assertThat(service.revocations(othersGrant)).hasSize(1);
            assertThat(service.revocations(conflicting)).isEmpty();
            assertThat(service.jobFailures("leaver-sweep")).isGreaterThan(failuresBefore);

            conflict.set(false);
            cleanup.sweep();
            assertThat(service.revocations(conflicting)).singleElement()
                    .extracting(AccessRevocationRequested::revocationReason).isEqualTo(RevocationReason.LEAVER);
            assertThat(List.of(beside, othersGrant)).allSatisfy(grant ->
                    assertThat(service.revocations(grant)).hasSize(1));
        } finally {
            conflicts.cancel();
        }
    }

    private static GrantId grant(String request, EmployeeId employee, String entitlement) {
        AccessProvisioned provisioned = provisioned(request, employee, entitlement, NOW.minus(Duration.ofDays(30)),
                null);
        service.publishHandled(provisioned, "provisioning-service", CLEANUP);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(HeldGrantsView.class).heldBy(employee)
                .stream().anyMatch(held -> held.grantId().equals(provisioned.grantId())));
        return provisioned.grantId();
    }

    private static EmployeeTerminated terminated(EmployeeId leaver, LocalDate effectiveOn) {
        return new EmployeeTerminated(newId(), leaver, profile(leaver, EmploymentStatus.TERMINATED), effectiveOn,
                "bamboohr", NOW);
    }

    private static EmployeeProfile profile(EmployeeId person, EmploymentStatus status) {
        return new EmployeeProfile(person, "Lee Vance", "lee.vance@example.com", "Sales", "Account Executive",
                EmployeeId.of("E1031"), null, status, null, null, true);
    }
}
