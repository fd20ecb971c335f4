package io.accessledger.review;

import static io.accessledger.review.ReviewServiceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.review.AccessCertified;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.review.ReviewDelegated;
import io.accessledger.web.DevTokens;
import io.accessledger.web.hostile.Matrix;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * review-scheduler's authorization matrix (issue #14 point 3; docs/SECURITY.md V8.2.1, V8.2.2): every endpoint ×
 * every caller by role and by relationship to one person's review items, over HTTP on the running service (real KRaft
 * broker, real PostgreSQL). The holder E3100 has three grants, each in a campaign the campaign owner E3700 started
 * with COMPLIANCE: item A (reviewer: the holder's manager E3200, who delegated it to E3500), item B (reviewer: the
 * resource owner E3400) and item G (reviewed by the SECURITY queue). The roles are held by an outsider (E3900), so
 * only the role can let them in. Hostile tokens (expired, wrong issuer, wrong signature, {@code alg: none}) are
 * refused with 401 on every one of these endpoints by {@code ReviewSchedulerEdgeTest}
 * ({@code everyApiEndpointRefusesAMissingOrHostileTokenWith401}); here the column without a token stands for them.
 */
class ReviewAuthorizationMatrixServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private static final EmployeeId HOLDER = EmployeeId.of("E3100");
    private static final EmployeeId MANAGER = EmployeeId.of("E3200");
    private static final EmployeeId SENIOR = EmployeeId.of("E3300");
    private static final EmployeeId OWNER = EmployeeId.of("E3400");
    private static final EmployeeId DELEGATE = EmployeeId.of("E3500");
    private static final EmployeeId CAMPAIGN_OWNER = EmployeeId.of("E3700");
    private static final EmployeeId OUTSIDER = EmployeeId.of("E3900");
    private static final Map<String, String> CALLERS = callers();
    private static ReviewServiceFixture service;

    private static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("holder", DevTokens.mint(HOLDER.value()));
        callers.put("holder's manager (A's reviewer)", DevTokens.mint(MANAGER.value()));
        callers.put("manager's manager", DevTokens.mint(SENIOR.value()));
        callers.put("resource owner (B's reviewer)", DevTokens.mint(OWNER.value()));
        callers.put("delegate (of A)", DevTokens.mint(DELEGATE.value()));
        callers.put("holder in G's queue (SECURITY)", DevTokens.mint(HOLDER.value(), "SECURITY"));
        callers.put("campaign owner without a role", DevTokens.mint(CAMPAIGN_OWNER.value()));
        callers.put("campaign owner (COMPLIANCE)", DevTokens.mint(CAMPAIGN_OWNER.value(), "COMPLIANCE"));
        callers.put("outsider", DevTokens.mint(OUTSIDER.value()));
        for (String role : List.of("IAM", "SECURITY", "COMPLIANCE", "AUDITOR", "ADMIN")) {
            callers.put(role.equals("SECURITY") ? "SECURITY (G's queue member)" : role,
                    DevTokens.mint(OUTSIDER.value(), role));
        }
        callers.put("no token", null);
        return callers;
    }

    @BeforeAll
    static void startService() {
        service = ReviewServiceFixture.start("review_matrix", NOW);
        Instant hired = NOW.minus(Duration.ofDays(300));
        service.hire(SENIOR, null, hired);
        service.hire(MANAGER, SENIOR, hired);
        service.hire(HOLDER, MANAGER, hired);
        for (EmployeeId other : List.of(OWNER, DELEGATE, CAMPAIGN_OWNER, OUTSIDER)) {
            service.hire(other, SENIOR, hired);
        }
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    /**
     * Endpoint × caller → status (docs/SECURITY.md "Reads" and "Authorisation in the domain", CONTRACT.md): campaigns
     * are started by COMPLIANCE or IAM and followed by those and AUDITOR, whoever started them; an item is read by its
     * reviewer, their delegate, its queue's members and the oversight roles (COMPLIANCE, IAM, AUDITOR), and decided
     * or delegated by its reviewer, their delegate or a member of its queue only — never by its holder, queue member
     * or not; an unknown item is a 404 to the oversight roles only and the 403 of someone else's item to everyone
     * else (its existence is not told); the operations endpoints are ADMIN's only. The rows that change an item leave their allowed callers out
     * (null) and try them after the table; a refused call changes nothing.
     */
    @Test
    void theAuthorizationMatrixOfEveryCallerToOnePersonsReviewItemsHolds() {
        Instant grantedAt = NOW.minus(Duration.ofDays(100));
        AccessProvisioned a = service.grant("R-mx-1", HOLDER, "mx-ledger:admin", List.of(), MANAGER, OWNER,
                grantedAt);
        AccessProvisioned b = service.grant("R-mx-2", HOLDER, "mx-vault:read", List.of(), MANAGER, OWNER, grantedAt);
        AccessProvisioned g = service.grant("R-mx-3", HOLDER, "mx-keys:write", List.of(), MANAGER, OWNER, grantedAt);
        String campaignA = start("mx-ledger", "MANAGER", null);
        String campaignB = start("mx-vault", "RESOURCE_OWNER", null);
        String campaignG = start("mx-keys", "GROUP", "SECURITY");
        String itemA = itemOf(MANAGER, campaignA);
        String itemB = itemOf(OWNER, campaignB);
        String itemG = itemOf(OUTSIDER, campaignG, "SECURITY");
        HttpResponse<String> delegated = service.http("POST", "/api/v1/reviews/items/" + itemA + "/delegation",
                MANAGER, "{\"delegateId\":\"" + DELEGATE.value() + "\",\"reason\":\"On leave\"}");
        assertThat(delegated.statusCode()).as(delegated.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.http("GET", "/api/v1/reviews/items/" + itemA,
                DELEGATE, null).statusCode() == 200);

        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        expected.put("POST /api/v1/reviews/campaigns",
                statuses(403, 403, 403, 403, 403, 403, 403, 202, 403, 202, 403, 202, 403, 403, 401));
        expected.put("GET /api/v1/reviews/campaigns/" + campaignA,
                statuses(403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 403, 200, 200, 403, 401));
        expected.put("GET /api/v1/reviews/campaigns/C-00000000",
                statuses(403, 403, 403, 403, 403, 403, 403, 404, 403, 404, 403, 404, 404, 403, 401));
        expected.put("GET /api/v1/reviews/items",
                statuses(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401));
        expected.put("GET /api/v1/reviews/items/" + itemA,
                statuses(403, 200, 403, 403, 200, 403, 403, 200, 403, 200, 403, 200, 200, 403, 401));
        expected.put("GET /api/v1/reviews/items/" + itemB,
                statuses(403, 403, 403, 200, 403, 403, 403, 200, 403, 200, 403, 200, 200, 403, 401));
        expected.put("GET /api/v1/reviews/items/" + itemG,
                statuses(403, 403, 403, 403, 403, 200, 403, 200, 403, 200, 200, 200, 200, 403, 401));
        expected.put("GET /api/v1/reviews/items/RI-00000000",
                statuses(403, 403, 403, 403, 403, 403, 403, 404, 403, 404, 403, 404, 404, 403, 401));
        expected.put("POST /api/v1/reviews/items/" + itemA + "/decision",
                statuses(403, null, 403, 403, null, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/reviews/items/" + itemA + "/delegation",
                statuses(403, null, 403, 403, null, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/reviews/items/" + itemB + "/decision",
                statuses(403, 403, 403, null, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/reviews/items/" + itemB + "/delegation",
                statuses(403, 403, 403, null, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/reviews/items/" + itemG + "/decision",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, null, 403, 403, 403, 401));
        expected.put("POST /api/v1/reviews/items/" + itemG + "/delegation",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, null, 403, 403, 403, 401));
        expected.put("POST /api/v1/reviews/items/RI-00000000/decision",
                statuses(403, 403, 403, 403, 403, 403, 403, 404, 403, 404, 403, 404, 404, 403, 401));
        expected.put("GET /api/v1/admin/parked",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401));
        expected.put("GET /api/v1/admin/read-models/rebuilds",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401));
        expected.put("POST /api/v1/admin/dead-letters/accessledger.review.events.v1-dlt/redrive",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, null, 401));
        String decision = "{\"decision\":\"REVOKE\",\"reason\":\"No longer needed\"}";
        String delegation = "{\"delegateId\":\"E3950\",\"reason\":\"Someone else knows\"}";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("POST /api/v1/reviews/campaigns", """
                {"name": "Nothing in scope", "scope": {"resourceIds": ["mx-nothing"]}, "reviewerKind": "MANAGER",
                 "duration": "P14D", "nonResponse": "KEEP_FLAGGED"}""");
        for (String item : List.of(itemA, itemB, itemG, "RI-00000000")) {
            bodies.put("POST /api/v1/reviews/items/" + item + "/decision", decision);
            bodies.put("POST /api/v1/reviews/items/" + item + "/delegation", delegation);
        }

        assertThat(Matrix.wrongAnswers(expected, bodies, (method, path, caller, body) -> service.httpWithToken(
                method, path, CALLERS.get(caller), body))).isEmpty();

        assertThat(whoLists(itemA)).containsExactly("holder's manager (A's reviewer)", "delegate (of A)");
        assertThat(whoLists(itemB)).containsExactly("resource owner (B's reviewer)");
        assertThat(whoLists(itemG)).as("the queue lists G, but not to its holder").containsExactly(
                "SECURITY (G's queue member)");
        for (AccessProvisioned grant : List.of(a, b, g)) {
            assertThat(published(grant.grantId(), AccessRevocationRequested.class)).as("no refused decision revoked")
                    .isEmpty();
        }
        assertThat(published(a.grantId(), ReviewDelegated.class)).as("only the reviewer's delegation").singleElement()
                .satisfies(only -> assertThat(only.delegateId()).isEqualTo(DELEGATE));
        assertThat(published(b.grantId(), ReviewDelegated.class)).as("no refused delegation").isEmpty();
        assertThat(published(g.grantId(), ReviewDelegated.class)).as("the holder delegates their own item to nobody")
                .isEmpty();

        String certify = "{\"decision\":\"CERTIFY\",\"reason\":\"Still needed\"}";
        assertThat(service.http("POST", "/api/v1/reviews/items/" + itemA + "/decision", DELEGATE, certify)
                .statusCode()).as("the delegate decides A").isEqualTo(200);
        assertThat(service.http("POST", "/api/v1/reviews/items/" + itemA + "/decision", MANAGER, certify)
                .statusCode()).as("A is decided once").isEqualTo(409);
        assertThat(service.http("POST", "/api/v1/reviews/items/" + itemB + "/decision", OWNER, certify)
                .statusCode()).as("the resource owner decides B").isEqualTo(200);
        assertThat(service.http("POST", "/api/v1/reviews/items/" + itemG + "/decision", OUTSIDER, certify,
                "SECURITY").statusCode()).as("a member of the queue decides G").isEqualTo(200);
        assertThat(awaitOne(a.grantId(), AccessCertified.class).reviewerId()).isEqualTo(DELEGATE);
        assertThat(awaitOne(b.grantId(), AccessCertified.class).reviewerId()).isEqualTo(OWNER);
        assertThat(awaitOne(g.grantId(), AccessCertified.class).reviewerId()).isEqualTo(OUTSIDER);
        HttpResponse<String> redrive = service.http("POST",
                "/api/v1/admin/dead-letters/accessledger.review.events.v1-dlt/redrive", OUTSIDER, null, "ADMIN");
        assertThat(redrive.statusCode()).as("ADMIN re-drives: " + redrive.body()).isEqualTo(200);
    }

    /** Statuses in the order of {@link #CALLERS}; null leaves a caller out (tried after the table). */
    private static Map<String, Integer> statuses(Integer... byCaller) {
        return Matrix.statuses(CALLERS.keySet(), byCaller);
    }

    /** Started over HTTP by the campaign owner with COMPLIANCE; the campaign's id. */
    private static String start(String resource, String reviewerKind, String group) {
        HttpResponse<String> started = service.http("POST", "/api/v1/reviews/campaigns", CAMPAIGN_OWNER, """
                {"name": "Review of %s", "scope": {"resourceIds": ["%s"]}, "reviewerKind": "%s", %s
                 "duration": "P14D", "nonResponse": "REVOKE"}""".formatted(resource, resource, reviewerKind,
                group == null ? "" : "\"reviewerGroup\": \"" + group + "\","), "COMPLIANCE");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return json(started.body()).get("campaignId").asText();
    }

    /** The one item of the campaign in the reviewer's list. */
    private static String itemOf(EmployeeId reviewer, String campaign, String... roles) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> items(service.http("GET",
                "/api/v1/reviews/items?campaignId=" + campaign, reviewer, null, roles)), items -> items.size() == 1)
                .get(0);
    }

    /** The callers whose {@code GET /api/v1/reviews/items} lists the item. */
    private static List<String> whoLists(String itemId) {
        List<String> listing = new ArrayList<>();
        CALLERS.forEach((caller, token) -> {
            if (token != null && items(service.httpWithToken("GET", "/api/v1/reviews/items?status=ALL", token, null))
                    .contains(itemId)) {
                listing.add(caller);
            }
        });
        return listing;
    }

    private static List<String> items(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return StreamSupport.stream(json(page.body()).get("items").spliterator(), false)
                .map((JsonNode item) -> item.get("itemId").asText()).toList();
    }

    private static <T extends DomainEvent> T awaitOne(GrantId grant, Class<T> type) {
        return service.awaitOneOnReview(grant, type);
    }

    private static <T extends DomainEvent> List<T> published(GrantId grant, Class<T> type) {
        return service.published(Topic.REVIEW, grant.value(), type);
    }
}
