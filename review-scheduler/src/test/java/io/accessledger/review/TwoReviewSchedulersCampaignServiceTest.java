package io.accessledger.review;

import static io.accessledger.review.ReviewServiceFixture.json;
import static io.accessledger.review.ReviewServiceFixture.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.review.AccessCertified;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.AccessReviewUnanswered;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.review.ReviewCampaignClosed;
import io.accessledger.events.review.ReviewReminderSent;
import io.accessledger.review.campaigns.CampaignOpener;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two review-scheduler instances side by side (one broker, one database, one clock the test sets), the campaign opener
 * and the review watch of both firing every second: a campaign's items are opened once, and each reminder, each
 * item's non-response outcome, its revocation and the campaign's end happen once, although both instances' jobs run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReviewSchedulersCampaignServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    private static final Duration LENGTH = Duration.ofDays(14);
    private static final String[] EVERY_SECOND = {
            "--accessledger.review.campaign-opening-every=PT1S",
            "--accessledger.review.campaign-opening-first-after=PT1S",
            "--accessledger.review.review-watch-every=PT1S", "--accessledger.review.review-watch-first-after=PT1S"};
    private static final EmployeeId MANAGER = EmployeeId.of("E2201");
    private static final EmployeeId HOLDER = EmployeeId.of("E2202");
    private static ReviewServiceFixture first;
    private static ReviewServiceFixture second;

    @BeforeAll
    static void startTwoInstances() {
        first = ReviewServiceFixture.start("review_two_campaigns", NOW, EVERY_SECOND);
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
    @Order(1)
    void eachReminderNonResponseRevocationAndCampaignEndHappensOnceAlthoughBothInstancesRunTheirJobs() {
        first.publishHandled(new EmployeeHired(newId(), HOLDER, new EmployeeProfile(HOLDER, "Hal Twin",
                "hal.twin@example.com", "Finance", "Accountant", MANAGER, EmploymentType.EMPLOYEE,
                EmploymentStatus.ACTIVE, null, null, true), LocalDate.parse("2026-01-05"), "workday",
                NOW.minus(Duration.ofDays(300))), "request-service", "grant-history");
        RequestId request = RequestId.of("R-two-cmp-1");
        Entitlement entitlement = Entitlement.parse("vault-two:admin");
        first.publishHandled(new AccessApproved(newId(), request, HOLDER, entitlement, new ResourceSnapshot(
                "vault-two", "Vault", "manual", null, Sensitivity.CRITICAL, List.of("SOX"), true), null,
                List.of(MANAGER.value()), "7", Duration.ofDays(90), NOW.minus(Duration.ofDays(60))),
                "approval-service", "grant-history");
        AccessProvisioned grant = new AccessProvisioned(newId(), Ids.grantFor(request), request, HOLDER, entitlement,
                "manual", "manual", "CHG-two", null, null, NOW.minus(Duration.ofDays(60)), null,
                NOW.plus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(60)));
        first.publishHandled(grant, "provisioning-service", "grant-history");

        HttpResponse<String> started = first.http("POST", "/api/v1/reviews/campaigns", EmployeeId.of("E2200"), """
                {"name": "Vault, twice", "scope": {"resourceIds": ["vault-two"]}, "reviewerKind": "MANAGER",
                 "duration": "%s", "remindBefore": ["P7D"], "nonResponse": "REVOKE"}""".formatted(LENGTH), "IAM");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String campaign = json(started.body()).get("campaignId").asText();
        Instant end = NOW.plus(LENGTH);
        // Leases are timed by the service's clock: it must run for a job to fire again.
        first.runClockFrom(NOW);

        await().atMost(Duration.ofSeconds(60)).until(() -> !published(grant, AccessReviewRequested.class).isEmpty());
        first.runClockFrom(end.minus(Duration.ofDays(7)).plusSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> !published(grant, ReviewReminderSent.class).isEmpty());

        first.runClockFrom(end.plusSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> !published(grant, AccessRevocationRequested.class)
                .isEmpty() && !first.published(Topic.REVIEW, campaign, ReviewCampaignClosed.class).isEmpty());
        // Both instances' jobs go on firing every second: still one of each.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() ->
                published(grant, AccessReviewRequested.class).size() == 1
                        && published(grant, ReviewReminderSent.class).size() == 1
                        && published(grant, AccessReviewUnanswered.class).size() == 1
                        && published(grant, AccessRevocationRequested.class).size() == 1
                        && first.published(Topic.REVIEW, campaign, ReviewCampaignClosed.class).size() == 1);
        assertThat(published(grant, AccessRevocationRequested.class)).singleElement()
                .extracting(AccessRevocationRequested::revocationReason).isEqualTo(RevocationReason.REVIEW);
        assertThat(first.published(Topic.REVIEW, campaign, ReviewCampaignClosed.class)).singleElement()
                .extracting(ReviewCampaignClosed::items, ReviewCampaignClosed::revokedUnanswered)
                .containsExactly(1L, 1L);
        assertThat(first.leasedJobs()).as("each job runs under its lease").contains("campaign-opening",
                "review-watch");
    }

    @Test
    @Order(2)
    void bothInstancesAnnouncersAndAFirstTouchAnnounceEachItemOfASnapshotOnce() {
        Instant later = NOW.plus(Duration.ofDays(60));
        first.runClockFrom(later);
        List<AccessProvisioned> grants = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            EmployeeId holder = EmployeeId.of("E221" + n);
            first.publishHandled(new EmployeeHired(newId(), holder, new EmployeeProfile(holder, "Sam Twin " + n,
                    "sam.twin" + n + "@example.com", "Finance", "Accountant", MANAGER, EmploymentType.EMPLOYEE,
                    EmploymentStatus.ACTIVE, null, null, true), LocalDate.parse("2026-01-05"), "workday",
                    NOW.minus(Duration.ofDays(300))), "request-service", "grant-history");
            RequestId request = RequestId.of("R-two-snap-" + n);
            Entitlement entitlement = Entitlement.parse("vault-snap:read");
            first.publishHandled(new AccessApproved(newId(), request, holder, entitlement, new ResourceSnapshot(
                    "vault-snap", "Vault", "manual", null, Sensitivity.HIGH, List.of(), false), null,
                    List.of(MANAGER.value()), "7", Duration.ofDays(180), NOW), "approval-service", "grant-history");
            AccessProvisioned grant = new AccessProvisioned(newId(), Ids.grantFor(request), request, holder,
                    entitlement, "manual", "manual", "CHG-two-snap-" + n, null, null, NOW, null,
                    NOW.plus(Duration.ofDays(180)), NOW);
            first.publishHandled(grant, "provisioning-service", "grant-history");
            grants.add(grant);
        }

        HttpResponse<String> started = first.http("POST", "/api/v1/reviews/campaigns", EmployeeId.of("E2200"), """
                {"name": "Vault snapshot, twice", "scope": {"resourceIds": ["vault-snap"]}, "reviewerKind": "MANAGER",
                 "duration": "%s", "nonResponse": "REVOKE"}""".formatted(LENGTH), "IAM");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String campaign = json(started.body()).get("campaignId").asText();
        String touched = CampaignOpener.itemIdOf(campaign, grants.get(0).grantId());
        await().atMost(Duration.ofSeconds(60)).until(() -> second.http("POST", "/api/v1/reviews/items/" + touched
                + "/decision", MANAGER, "{\"decision\": \"CERTIFY\"}", "EMPLOYEE").statusCode() == 200);

        await().atMost(Duration.ofSeconds(60)).until(() -> grants.stream()
                .allMatch(grant -> !published(grant, AccessReviewRequested.class).isEmpty()));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> grants.stream()
                .allMatch(grant -> published(grant, AccessReviewRequested.class).size() == 1));
        assertThat(published(grants.get(0), AccessCertified.class)).hasSize(1);
    }

    private static <T extends DomainEvent> List<T> published(AccessProvisioned grant, Class<T> type) {
        return first.published(Topic.REVIEW, grant.grantId().value(), type);
    }
}
