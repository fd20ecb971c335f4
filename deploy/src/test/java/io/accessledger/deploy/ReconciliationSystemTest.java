package io.accessledger.deploy;

import static io.accessledger.deploy.RequestJourney.IAM;
import static io.accessledger.deploy.RequestJourney.IAM_ID;
import static io.accessledger.deploy.RequestJourney.PATIENCE;
import static io.accessledger.deploy.RequestJourney.POLL;
import static io.accessledger.deploy.Suite.Service.PROVISIONING;
import static io.accessledger.deploy.Suite.Service.REQUEST;
import static io.accessledger.deploy.Suite.Service.REVIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.Topic;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's reconciliation, on the five services, the real broker and the independent SCIM server: a joiner's
 * birthright is provisioned into the SCIM groups; behind AccessLedger's back someone is added to one of them and the
 * joiner is taken out of another. IAM reconciles the target: exactly one ungoverned member (the joiner is governed)
 * and one drift. The resource owner gets the ungoverned member as a review item, revokes it with a reason, and
 * provisioning-service takes only that member out of the group and records {@code UngovernedAccessRemoved}.
 */
class ReconciliationSystemTest extends SystemTest {
    private static final String SLACK = "Slack Members";
    private static final String CONFLUENCE = "Confluence Readers";
    /** The owner of Slack and Confluence in the demo policy, who reviews what no grant explains there. */
    private static final String OWNER = IAM;

    @BeforeAll
    static void startSuite() {
        startSuite(null);
    }

    @Test
    void aMemberAddedBehindOurBackIsFoundReviewedByTheOwnerAndTakenOutOfTheTargetAndTheGovernedOneStays() {
        publishPolicyOnScimTargets();
        String joiner = RequestJourney.freshEmployeeId();
        String email = "ada.quill." + joiner.toLowerCase() + "@example.com";
        hire(joiner, email);
        // Every birthright grant active in provisioning's own view before the run compares against it.
        await().atMost(PATIENCE).pollInterval(POLL).until(() -> Api.get(suite.url(PROVISIONING)
                + "/api/v1/grants?status=ACTIVE&employeeId=" + joiner, IAM).body(), grants -> grants.size() == 3);
        assertThat(suite.scim.members(SLACK)).contains(email);
        assertThat(suite.scim.members(CONFLUENCE)).contains(email);

        // Behind AccessLedger's back: someone added to Slack, the joiner taken out of Confluence.
        String intruder = "mallory." + joiner.toLowerCase() + "@example.com";
        String intruderId = suite.scim.createUser(intruder);
        suite.scim.addMemberDirectly(SLACK, intruder);
        suite.scim.removeMemberDirectly(CONFLUENCE, email);

        Api.Response started = Api.post(suite.url(PROVISIONING) + "/api/v1/reconciliations", IAM,
                Map.of("target", "saas-scim"));
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        String run = started.body().path("reconciliationId").asText();
        JsonNode ended = await().atMost(PATIENCE).pollInterval(POLL).until(() -> Api.get(suite.url(PROVISIONING)
                + "/api/v1/reconciliations/" + run, IAM).body(), view -> !"RUNNING".equals(view.path("status")
                        .asText()));
        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("COMPLETED");
        assertThat(ended.path("ungoverned").asLong()).as(ended.toString()).isEqualTo(1);
        assertThat(ended.path("drifted").asLong()).as(ended.toString()).isEqualTo(1);

        JsonNode detected = event(Topic.PROVISIONING, "accessledger.provisioning.ungoverned-access-detected.v1",
                "reconciliationId", run);
        assertThat(detected).isNotNull();
        assertThat(detected.path("memberId").asText()).isEqualTo(intruderId);
        assertThat(detected.path("userName").asText()).isEqualTo(intruder);
        assertThat(detected.path("group").asText()).isEqualTo(SLACK);
        assertThat(detected.path("handling").asText()).isEqualTo("REVIEW");
        String finding = detected.path("findingId").asText();
        JsonNode drift = event(Topic.PROVISIONING, "accessledger.provisioning.access-drift-detected.v1",
                "reconciliationId", run);
        assertThat(drift).isNotNull();
        assertThat(text(drift.path("employeeId"))).isEqualTo(joiner);
        assertThat(drift.path("group").asText()).isEqualTo(CONFLUENCE);

        // The resource owner finds the ungoverned member among their review items, and revokes it.
        JsonNode items = await().atMost(PATIENCE).pollInterval(POLL).until(() -> Api.get(suite.url(REVIEW)
                + "/api/v1/reviews/items?campaignId=C-reconciliation-" + run, OWNER).body(),
                page -> page.path("items").size() == 1);
        JsonNode item = items.path("items").get(0);
        assertThat(item.path("kind").asText()).isEqualTo("UNGOVERNED");
        assertThat(text(item.path("reviewerId"))).isEqualTo(IAM_ID);
        assertThat(item.at("/finding/findingId").asText()).isEqualTo(finding);
        assertThat(item.at("/finding/memberId").asText()).isEqualTo(intruderId);
        Api.Response decided = Api.post(suite.url(REVIEW) + "/api/v1/reviews/items/" + item.path("itemId").asText()
                + "/decision", OWNER, Map.of("decision", "REVOKE", "reason", "Nobody asked for Slack for them"));
        assertThat(decided.status()).as(decided.body().toString()).isEqualTo(200);

        await().atMost(PATIENCE).pollInterval(POLL).until(() -> !suite.scim.members(SLACK).contains(intruder));
        assertThat(suite.scim.members(SLACK)).contains(email);
        JsonNode removed = await().atMost(PATIENCE).pollInterval(POLL).until(() -> event(Topic.PROVISIONING,
                "accessledger.provisioning.ungoverned-access-removed.v1", "findingId", finding), e -> e != null);
        assertThat(removed.path("cause").asText()).isEqualTo("REVIEW");
        assertThat(text(removed.path("removedBy"))).isEqualTo(IAM_ID);
        assertThat(removed.path("memberId").asText()).isEqualTo(intruderId);
        // The joiner's own access was never touched by the removal.
        assertThat(Api.get(suite.url(REQUEST) + "/api/v1/access-requests?beneficiaryId=" + joiner, IAM).body()
                .path("items").findValuesAsText("status")).containsOnly("PROVISIONED");
    }
}
