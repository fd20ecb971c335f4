package io.accessledger.review.ungoverned;

import static io.accessledger.review.ReviewServiceFixture.json;
import static io.accessledger.review.ReviewServiceFixture.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.provisioning.UngovernedAccessDetected;
import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.events.review.ReviewCampaignClosed;
import io.accessledger.events.review.UngovernedAccessAccepted;
import io.accessledger.events.review.UngovernedAccessRemovalRequested;
import io.accessledger.events.review.UngovernedAccessReviewReminderSent;
import io.accessledger.events.review.UngovernedAccessReviewRequested;
import io.accessledger.review.ReviewServiceFixture;
import io.accessledger.review.items.ReviewWatch;
import io.accessledger.review.items.UngovernedRules;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ungoverned access on the running service (its broker, its database, a clock the test sets): findings published on
 * the provisioning topic become review items of the resource's owner in the reconciliation's campaign; the owner
 * revokes one (its removal asked for in their name), keeps another with a reason, and lets a third go unanswered
 * (its removal asked for by nobody); the campaign then closes with its counts.
 */
class UngovernedAccessReviewServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private static final EmployeeId OWNER = EmployeeId.of("E2300");
    private static final EmployeeId MATCHED = EmployeeId.of("E2301");
    private static final Entitlement CRM_ADMIN = Entitlement.parse("crm-ug:admin");
    private static ReviewServiceFixture service;

    @BeforeAll
    static void startService() {
        service = ReviewServiceFixture.start("review_ungoverned", NOW);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theOwnerRevokesKeepsWithAReasonOrLetsSilenceRemoveUngovernedAccessFoundByAReconciliation() {
        service.setClock(NOW);
        service.publishHandled(new AccessApproved(newId(), RequestId.of("R-ug-1"), EmployeeId.of("E2302"), CRM_ADMIN,
                new ResourceSnapshot("crm-ug", "CRM", "scim", OWNER, Sensitivity.HIGH, List.of(), false), null,
                List.of(OWNER.value()), "7", Duration.ofDays(180), NOW.minus(Duration.ofDays(10))),
                "approval-service", "grant-history");
        UngovernedAccessDetected mallory = found("RC-ug-1", "F-ug-1", "m-1", "mallory", MATCHED);
        UngovernedAccessDetected trent = found("RC-ug-1", "F-ug-2", "m-2", "trent", null);
        UngovernedAccessDetected eve = found("RC-ug-1", "F-ug-3", "m-3", "eve", null);
        String campaign = UngovernedRules.campaignIdOf("RC-ug-1");

        List<JsonNode> mine = await().atMost(Duration.ofSeconds(60)).until(() -> items(OWNER, campaign),
                items -> items.size() == 3);
        assertThat(mine).extracting(item -> item.get("kind").asText()).containsOnly("UNGOVERNED");
        String mallorysItem = UngovernedRules.itemIdOf("F-ug-1");
        JsonNode detail = json(service.http("GET", "/api/v1/reviews/items/" + mallorysItem, OWNER, null,
                "EMPLOYEE").body());
        assertThat(detail.at("/item/finding/userName").asText()).isEqualTo("mallory");
        assertThat(detail.at("/item/finding/group").asText()).isEqualTo("crm-admins");
        assertThat(detail.at("/item/finding/matchedEmployee").asText()).isEqualTo(MATCHED.value());
        assertThat(detail.at("/item/campaignId").asText()).isEqualTo(campaign);
        assertThat(detail.at("/item/requestedAt").isMissingNode()).isFalse();

        HttpResponse<String> own = decide(MATCHED, mallorysItem, "CERTIFY", "mine");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        assertThat(decide(OWNER, mallorysItem, "REVOKE", "Nobody asked for this").statusCode()).isEqualTo(200);
        UngovernedAccessRemovalRequested removal = awaitOne(mallory.findingId(),
                UngovernedAccessRemovalRequested.class);
        assertThat(removal.requestedBy()).isEqualTo(OWNER);
        assertThat(removal.memberId()).isEqualTo("m-1");
        assertThat(removal.group()).isEqualTo("crm-admins");
        assertThat(decide(OWNER, mallorysItem, "CERTIFY", "Changed my mind").statusCode()).isEqualTo(409);

        String trentsItem = UngovernedRules.itemIdOf("F-ug-2");
        assertThat(decide(OWNER, trentsItem, "CERTIFY", " ").statusCode()).as("keeping needs a reason")
                .isEqualTo(422);
        assertThat(decide(OWNER, trentsItem, "CERTIFY", "Break-glass account").statusCode()).isEqualTo(200);
        assertThat(awaitOne(trent.findingId(), UngovernedAccessAccepted.class).comment())
                .isEqualTo("Break-glass account");

        // Found again by a later reconciliation: no second item.
        found("RC-ug-2", "F-ug-3", "m-3", "eve", null);
        assertThat(service.published(Topic.REVIEW, eve.findingId(), UngovernedAccessReviewRequested.class))
                .hasSize(1);

        // The campaign's reminders (7 and 1 days before its end) reach the undecided item only, once each.
        ReviewWatch watch = service.bean(ReviewWatch.class);
        service.setClock(NOW.plus(Duration.ofDays(7)));
        watch.watch();
        UngovernedAccessReviewReminderSent reminded = awaitOne(eve.findingId(),
                UngovernedAccessReviewReminderSent.class);
        assertThat(List.of(reminded.reminder(), reminded.reviewerId(), reminded.userName()))
                .containsExactly(1, OWNER, "eve");
        service.setClock(NOW.plus(Duration.ofDays(13)));
        watch.watch();
        await().atMost(Duration.ofSeconds(60)).until(() -> service.published(Topic.REVIEW, eve.findingId(),
                UngovernedAccessReviewReminderSent.class).size() == 2);
        watch.watch();
        assertThat(service.published(Topic.REVIEW, eve.findingId(), UngovernedAccessReviewReminderSent.class))
                .extracting(UngovernedAccessReviewReminderSent::reminder).containsExactly(1, 2);
        assertThat(service.published(Topic.REVIEW, mallory.findingId(), UngovernedAccessReviewReminderSent.class))
                .as("decided before the reminders").isEmpty();
        assertThat(service.published(Topic.REVIEW, trent.findingId(), UngovernedAccessReviewReminderSent.class))
                .isEmpty();

        service.setClock(NOW.plus(Duration.ofDays(14)).minusSeconds(1));
        watch.watch();
        assertThat(service.published(Topic.REVIEW, eve.findingId(), UngovernedAccessRemovalRequested.class))
                .isEmpty();
        service.setClock(NOW.plus(Duration.ofDays(14)));
        watch.watch();
        UngovernedAccessRemovalRequested silence = awaitOne(eve.findingId(), UngovernedAccessRemovalRequested.class);
        assertThat(silence.requestedBy()).isNull();

        ReviewCampaignClosed closed = await().atMost(Duration.ofSeconds(60)).until(() -> {
            watch.watch();
            List<ReviewCampaignClosed> all = service.published(Topic.REVIEW, campaign, ReviewCampaignClosed.class);
            return all.isEmpty() ? null : all.get(0);
        }, c -> c != null);
        assertThat(List.of(closed.items(), closed.certified(), closed.revoked(), closed.revokedUnanswered()))
                .containsExactly(3L, 1L, 1L, 1L);
    }

    private static UngovernedAccessDetected found(String reconciliation, String finding, String memberId,
            String userName, EmployeeId employee) {
        UngovernedAccessDetected detected = new UngovernedAccessDetected(newId(), finding, reconciliation, "scim-crm",
                CRM_ADMIN, "crm-admins", memberId, userName, employee, UngovernedHandling.REVIEW, NOW);
        service.publishHandled(detected, "provisioning-service", "ungoverned-access-reviews");
        return detected;
    }

    private static List<JsonNode> items(EmployeeId reviewer, String campaign) {
        HttpResponse<String> response = service.http("GET", "/api/v1/reviews/items?campaignId=" + campaign,
                reviewer, null, "EMPLOYEE");
        return StreamSupport.stream(json(response.body()).get("items").spliterator(), false).toList();
    }

    private static HttpResponse<String> decide(EmployeeId caller, String item, String decision, String reason) {
        return service.http("POST", "/api/v1/reviews/items/" + item + "/decision", caller,
                "{\"decision\": \"%s\", \"reason\": \"%s\"}".formatted(decision, reason), "EMPLOYEE");
    }

    private static <T extends DomainEvent> T awaitOne(String findingId, Class<T> type) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !service.published(Topic.REVIEW, findingId, type)
                .isEmpty());
        return service.published(Topic.REVIEW, findingId, type).get(0);
    }
}
