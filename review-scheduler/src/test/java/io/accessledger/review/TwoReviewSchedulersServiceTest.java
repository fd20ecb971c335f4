package io.accessledger.review;

import static io.accessledger.review.ReviewServiceFixture.newId;
import static io.accessledger.review.ReviewServiceFixture.provisioned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.review.cleanup.HeldGrantsView;
import io.accessledger.review.schedule.ReviewCalendarView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two review-scheduler instances side by side (one broker, one database, one clock the test sets), their jobs every
 * second: when the clock passes an expiry and a leaver's last day, each grant is asked to go exactly once, although
 * both instances' jobs run.
 */
class TwoReviewSchedulersServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    private static final String[] EVERY_SECOND = {
            "--accessledger.review.expiry-watch-every=PT1S", "--accessledger.review.expiry-watch-first-after=PT1S",
            "--accessledger.review.leaver-sweep-every=PT1S", "--accessledger.review.leaver-sweep-first-after=PT1S",
            "--accessledger.review.mover-sweep-every=PT1S", "--accessledger.review.mover-sweep-first-after=PT1S"};
    private static ReviewServiceFixture first;
    private static ReviewServiceFixture second;

    @BeforeAll
    static void startTwoInstances() {
        first = ReviewServiceFixture.start("review_two_instances", NOW, EVERY_SECOND);
        second = first.secondInstance(EVERY_SECOND);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void anExpiryAndALeaversGrantAreEachAskedToGoOnceAlthoughBothInstancesRunTheirJobs() {
        EmployeeId holder = EmployeeId.of("E1071");
        Instant expiresAt = NOW.plus(Duration.ofHours(2));
        AccessProvisioned expiring = provisioned("R-two-1", holder, "aws-prod:admin", NOW, expiresAt);
        EmployeeId leaver = EmployeeId.of("E1072");
        LocalDate lastDay = LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(3);
        AccessProvisioned leaversGrant = provisioned("R-two-2", leaver, "jira:edit", NOW.minus(Duration.ofDays(30)),
                null);
        first.publish(expiring, "provisioning-service");
        first.publish(leaversGrant, "provisioning-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> first.bean(ReviewCalendarView.class)
                .expiredBy(expiresAt).stream().anyMatch(grant -> grant.grantId().equals(expiring.grantId()))
                && first.bean(HeldGrantsView.class).heldBy(holder).size() == 1
                && first.bean(HeldGrantsView.class).heldBy(leaver).size() == 1);
        first.publishHandled(new EmployeeTerminated(newId(), leaver, new EmployeeProfile(leaver, "Lou Twin",
                "lou.twin@example.com", "Sales", "Account Executive", EmployeeId.of("E1031"), null,
                EmploymentStatus.TERMINATED, null, null, true), lastDay, "bamboohr", NOW), "request-service",
                "leaver-cleanup");
        assertThat(asked(expiring.grantId())).isEmpty();
        assertThat(asked(leaversGrant.grantId())).isEmpty();

        first.runClockFrom(lastDay.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(first.revocations(expiring.grantId())).as("expiry, in the event store").hasSize(1);
            assertThat(first.revocations(leaversGrant.grantId())).as("leaver, in the event store").hasSize(1);
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> !asked(expiring.grantId()).isEmpty()
                && !asked(leaversGrant.grantId()).isEmpty());
        // Both instances' jobs go on firing every second: still one each.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() ->
                asked(expiring.grantId()).size() <= 1 && asked(leaversGrant.grantId()).size() <= 1);
        assertThat(asked(expiring.grantId())).singleElement()
                .extracting(AccessRevocationRequested::revocationReason).isEqualTo(RevocationReason.EXPIRED);
        assertThat(asked(leaversGrant.grantId())).singleElement()
                .extracting(AccessRevocationRequested::revocationReason).isEqualTo(RevocationReason.LEAVER);
        assertThat(first.leasedJobs()).as("each job runs under its lease").contains("expiry-watch", "leaver-sweep",
                "mover-sweep");
    }

    /** The revocation requests of the grant on the review topic. */
    private static List<AccessRevocationRequested> asked(GrantId grant) {
        return first.published(Topic.REVIEW, grant.value(), AccessRevocationRequested.class);
    }
}
