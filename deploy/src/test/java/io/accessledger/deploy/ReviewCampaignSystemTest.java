package io.accessledger.deploy;

import static io.accessledger.deploy.RequestJourney.IAM;
import static io.accessledger.deploy.RequestJourney.MANAGER;
import static io.accessledger.deploy.RequestJourney.MANAGER_ID;
import static io.accessledger.deploy.RequestJourney.PATIENCE;
import static io.accessledger.deploy.RequestJourney.POLL;
import static io.accessledger.deploy.Suite.Service.REQUEST;
import static io.accessledger.deploy.Suite.Service.REVIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.Topic;
import io.accessledger.review.campaigns.CampaignOpener;
import io.accessledger.review.items.ReviewWatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a review campaign over a department, on the five services, the real broker and the independent SCIM
 * server. A joiner's birthright (three SCIM groups) is reviewed by their manager, who revokes one (the target loses
 * it, the request ends {@code REVOKED}, provisioning records {@code AccessRevoked} reason {@code REVIEW}), certifies
 * another (still in the target) and leaves the third unanswered: at the campaign's end the non-response policy
 * REVOKE takes it away too, and the campaign closes with its counts.
 */
class ReviewCampaignSystemTest extends SystemTest {
    private static final String COMPLIANCE = Api.token("E1045", "COMPLIANCE");

    @BeforeAll
    static void startSuite() {
        startSuite(null);
    }

    @Test
    void aManagersRevocationAndTheNonResponsePolicyTakeAccessOutOfTheTargetAndTheCertifiedAccessStays() {
        publishPolicyOnScimTargets();
        // A joiner in Engineering reporting to the engineering manager: three birthright grants, provisioned on SCIM.
        String joiner = RequestJourney.freshEmployeeId();
        String email = "ada.quill." + joiner.toLowerCase() + "@example.com";
        hire(joiner, email);
        String joinerToken = Api.token(joiner);
        JsonNode requests = await().atMost(PATIENCE).pollInterval(POLL).until(
                () -> Api.get(suite.url(REQUEST) + "/api/v1/access-requests?beneficiaryId=" + joiner, IAM).body(),
                page -> page.path("items").size() == 3 && page.path("items").findValuesAsText("status").stream()
                        .allMatch("PROVISIONED"::equals));
        Map<String, String> requestByResource = new HashMap<>();
        requests.path("items").forEach(request -> requestByResource.put(request.path("resourceId").asText(),
                request.path("requestId").asText()));
        assertThat(requestByResource).containsOnlyKeys("confluence", "slack-workspace", "vpn");
        assertThat(suite.scim.members("Confluence Readers")).contains(email);
        assertThat(suite.scim.members("Slack Members")).contains(email);
        assertThat(suite.scim.members("VPN Users")).contains(email);

        // COMPLIANCE starts a campaign over Engineering: the manager reviews, silence revokes.
        Api.Response started = Api.post(suite.url(REVIEW) + "/api/v1/reviews/campaigns", COMPLIANCE, Map.of(
                "name", "Engineering access review", "scope", Map.of("department", "Engineering"),
                "reviewerKind", "MANAGER", "duration", "PT1H", "remindBefore", List.of("PT30M"),
                "nonResponse", "REVOKE"));
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        String campaign = started.body().path("campaignId").asText();
        CampaignOpener opener = suite.bean(REVIEW, CampaignOpener.class);
        JsonNode items = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            opener.open();
            return Api.get(suite.url(REVIEW) + "/api/v1/reviews/items?campaignId=" + campaign, MANAGER).body();
        }, page -> page.path("items").size() == 3);
        Map<String, String> itemByResource = new HashMap<>();
        for (JsonNode item : items.path("items")) {
            assertThat(text(item.path("holder"))).isEqualTo(joiner);
            requestByResource.forEach((resource, request) -> {
                if (request.equals(text(item.path("requestId")))) {
                    itemByResource.put(resource, item.path("itemId").asText());
                }
            });
        }
        assertThat(itemByResource).containsOnlyKeys("confluence", "slack-workspace", "vpn");

        // The manager revokes Confluence with a reason and certifies Slack; the VPN item they leave unanswered.
        assertThat(decide(itemByResource.get("confluence"), "REVOKE", "Moved to the SDK team; no wiki editing"))
                .isEqualTo(200);
        assertThat(decide(itemByResource.get("slack-workspace"), "CERTIFY", "Still needed")).isEqualTo(200);
        journey.requestOnceStatus(joinerToken, requestByResource.get("confluence"), "REVOKED");
        await().atMost(PATIENCE).pollInterval(POLL)
                .until(() -> !suite.scim.members("Confluence Readers").contains(email));
        assertThat(revokedForReview(requestByResource.get("confluence"))).isTrue();
        assertThat(suite.scim.members("Slack Members")).contains(email);

        // Past the campaign's end: the unanswered VPN item is revoked by the non-response policy; the campaign closes.
        suite.reviewClock.advance(Duration.ofHours(2));
        ReviewWatch watch = suite.bean(REVIEW, ReviewWatch.class);
        JsonNode closed = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            watch.watch();
            return event(Topic.REVIEW, "accessledger.review.campaign-closed.v1", "campaignId", campaign);
        }, event -> event != null);
        assertThat(List.of(closed.path("items").asLong(), closed.path("certified").asLong(),
                closed.path("revoked").asLong(), closed.path("revokedUnanswered").asLong(),
                closed.path("keptFlagged").asLong())).containsExactly(3L, 1L, 1L, 1L, 0L);
        JsonNode unanswered = event(Topic.REVIEW, "accessledger.review.access-review-unanswered.v1", "itemId", itemByResource.get("vpn"));
        assertThat(unanswered).isNotNull();
        assertThat(unanswered.path("applied").asText()).isEqualTo("REVOKE");
        assertThat(unanswered.path("reviewerId").asText()).isEqualTo(MANAGER_ID);
        journey.requestOnceStatus(joinerToken, requestByResource.get("vpn"), "REVOKED");
        await().atMost(PATIENCE).pollInterval(POLL).until(() -> !suite.scim.members("VPN Users").contains(email));
        assertThat(revokedForReview(requestByResource.get("vpn"))).isTrue();
        assertThat(suite.scim.members("Slack Members")).contains(email);
        assertThat(Api.get(suite.url(REQUEST) + "/api/v1/access-requests/" + requestByResource.get("slack-workspace"),
                joinerToken).body().path("status").asText()).isEqualTo("PROVISIONED");

        JsonNode progress = await().atMost(PATIENCE).pollInterval(POLL).until(() -> Api.get(suite.url(REVIEW)
                + "/api/v1/reviews/campaigns/" + campaign, COMPLIANCE).body(), view -> view.at("/counts/open")
                .asLong(-1) == 0 && view.at("/counts/revokedUnanswered").asLong() == 1);
        assertThat(List.of(progress.at("/counts/items").asLong(), progress.at("/counts/certified").asLong(),
                progress.at("/counts/revoked").asLong(), progress.at("/counts/keptFlagged").asLong()))
                .containsExactly(3L, 1L, 1L, 0L);
    }

    private static int decide(String itemId, String decision, String reason) {
        return Api.post(suite.url(REVIEW) + "/api/v1/reviews/items/" + itemId + "/decision", MANAGER,
                Map.of("decision", decision, "reason", reason)).status();
    }

    /** Whether provisioning-service recorded {@code AccessRevoked} reason REVIEW for the request (waiting for it). */
    private static boolean revokedForReview(String requestId) {
        JsonNode revoked = await().atMost(PATIENCE).pollInterval(POLL).until(
                () -> event(Topic.PROVISIONING, "accessledger.provisioning.access-revoked.v1", "requestId", requestId), event -> event != null);
        return "REVIEW".equals(revoked.path("revocationReason").asText());
    }
}
