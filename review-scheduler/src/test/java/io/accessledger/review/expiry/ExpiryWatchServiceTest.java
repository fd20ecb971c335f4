package io.accessledger.review.expiry;

import static io.accessledger.review.ReviewServiceFixture.newId;
import static io.accessledger.review.ReviewServiceFixture.provisioned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.review.ReviewServiceFixture;
import io.accessledger.review.cleanup.HeldGrantsView;
import io.accessledger.review.schedule.ReviewCalendarView;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole service, as it runs: provisioning events on a real (in-JVM KRaft) broker, its own PostgreSQL, a clock
 * the test sets; the expiries it asks for are read from its event store.
 */
class ExpiryWatchServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    private static final EmployeeId HOLDER = EmployeeId.of("E1061");
    private static ReviewServiceFixture service;

    @BeforeAll
    static void startService() {
        service = ReviewServiceFixture.start("review_expiry", NOW);
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
    void anExpiringGrantIsAskedToGoOnceAtItsExpiryNotBeforeHoweverOftenTheWatchRunsOrTheGrantIsRedelivered() {
        Instant expiresAt = NOW.plus(Duration.ofHours(2));
        AccessProvisioned provisioned = calendared(provisioned("R-exp-1", HOLDER, "aws-prod:admin", NOW, expiresAt));
        ExpiryWatch watch = service.bean(ExpiryWatch.class);

        watch.watch();
        service.setClock(expiresAt.minusSeconds(1));
        watch.watch();
        assertThat(service.revocations(provisioned.grantId())).isEmpty();

        service.setClock(expiresAt);
        watch.watch();
        watch.watch();
        assertThat(service.revocations(provisioned.grantId())).singleElement().satisfies(revocation -> {
            assertThat(revocation.revocationReason()).isEqualTo(RevocationReason.EXPIRED);
            assertThat(revocation.note()).isEqualTo("Time limit reached");
            assertThat(revocation.occurredAt()).isEqualTo(expiresAt);
        });
        ReviewCalendarView calendar = service.bean(ReviewCalendarView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> calendar.expiredBy(expiresAt).stream()
                .noneMatch(expiring -> expiring.grantId().equals(provisioned.grantId())));

        service.publishHandled(provisioned, "provisioning-service", "review-calendar");
        service.publishHandled(new AccessProvisioned(newId(), provisioned.grantId(), provisioned.requestId(), HOLDER,
                provisioned.entitlement(), "manual", "manual", "CHG-again", null, null, NOW, expiresAt,
                provisioned.reviewDueAt(), NOW.plusSeconds(5)), "provisioning-service", "review-calendar");
        service.setClock(expiresAt.plus(Duration.ofMinutes(5)));
        watch.watch();
        assertThat(service.revocations(provisioned.grantId())).hasSize(1);
    }

    @Test
    void aGrantRevokedBeforeItsExpiryIsNotAskedToExpire() {
        Instant expiresAt = NOW.plus(Duration.ofHours(1));
        AccessProvisioned provisioned = calendared(provisioned("R-exp-2", HOLDER, "snowflake:read", NOW, expiresAt));
        AccessRevoked revoked = new AccessRevoked(newId(), provisioned.grantId(), provisioned.requestId(), HOLDER,
                provisioned.entitlement(), "manual", RevocationReason.REVIEW, null, NOW.plusSeconds(60));
        // Both clean-ups keep the held grants: once both have handled it, it is no longer held.
        service.publishHandled(revoked, "provisioning-service", "leaver-cleanup");
        service.publishHandled(revoked, "provisioning-service", "mover-cleanup");
        service.setClock(expiresAt.plus(Duration.ofMinutes(1)));
        service.bean(ExpiryWatch.class).watch();
        assertThat(service.revocations(provisioned.grantId())).isEmpty();
    }

    @Test
    void aGrantWhoseScheduleConflictsDoesNotStopTheRunTheOthersAreAskedAndTheNextRunAsksItAgain() {
        Instant expiresAt = NOW.plus(Duration.ofHours(3));
        // The conflicting grant expires first, so a run that stops at it asks nobody.
        AccessProvisioned conflicting = calendared(provisioned("R-exp-3", HOLDER, "jira:admin", NOW,
                expiresAt.minusSeconds(60)));
        AccessProvisioned other = calendared(provisioned("R-exp-4", HOLDER, "github:admin", NOW, expiresAt));
        AccessProvisioned last = calendared(provisioned("R-exp-5", HOLDER, "okta:admin", NOW,
                expiresAt.plusSeconds(1)));
        AtomicBoolean conflict = new AtomicBoolean(true);
        Registration conflicts = service.revocationsConflictFor(conflicting.grantId(), conflict::get);
        try {
            service.setClock(expiresAt.plusSeconds(1));
            ExpiryWatch watch = service.bean(ExpiryWatch.class);
            double failuresBefore = service.jobFailures("expiry-watch");

            watch.watch();
            assertThat(service.revocations(other.grantId())).hasSize(1);
            assertThat(service.revocations(last.grantId())).hasSize(1);
            assertThat(service.revocations(conflicting.grantId())).isEmpty();
            assertThat(service.jobFailures("expiry-watch")).isGreaterThan(failuresBefore);

            conflict.set(false);
            watch.watch();
            assertThat(service.revocations(conflicting.grantId())).singleElement()
                    .extracting(revocation -> revocation.revocationReason()).isEqualTo(RevocationReason.EXPIRED);
        } finally {
            conflicts.cancel();
        }
    }

    /** Provisioned, on the calendar and held (both views have it). */
    private static AccessProvisioned calendared(AccessProvisioned provisioned) {
        service.publishHandled(provisioned, "provisioning-service", "review-calendar");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(HeldGrantsView.class).heldBy(HOLDER)
                .stream().anyMatch(held -> held.grantId().equals(provisioned.grantId())));
        return provisioned;
    }
}
