package io.accessledger.review.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.review.ReviewSchedulerApplication;
import io.accessledger.review.campaigns.CampaignOpener;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole service, as it runs: policy, request, provisioning and identity events on a real (in-JVM KRaft) broker,
 * its own PostgreSQL; the revocations it asks for are read from its event store (the outbox).
 */
class MoverCleanupServiceTest {
    private static final EmployeeId MOVER = EmployeeId.of("E1038");
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static RunningService service;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startService() {
        service = RunningService.start(ReviewSchedulerApplication.application(), "review_movers");
        jdbc = service.jdbc();
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aMoverLosesWhatTheNewPositionDoesNotBringKeepsTheRestOnceAndTheNewManagerReviewsWhatIsOutsideIt() throws Exception {
        PolicyDocument policy = new PolicyDocument("7", List.of(
                resource("confluence", "read"), resource("jira", "edit"), resource("github", "write"),
                resource("snowflake-analytics", "read"), resource("aws-dev", "deploy")),
                List.of(new PolicyDocument.Profile(null, null, List.of(e("confluence:read"))),
                        new PolicyDocument.Profile("Data", "Data Analyst", List.of(e("snowflake-analytics:read"),
                                e("jira:edit"))),
                        new PolicyDocument.Profile("Engineering", "Software Engineer", List.of(e("github:write"),
                                e("jira:edit")))),
                List.of(), null, null, new PolicyDocument.AutoApprove(Sensitivity.LOW));
        service.publish(new PolicyPublished(EventId.of(UUID.randomUUID().toString()), "7", EmployeeId.of("E1041"),
                List.of(), EventJson.mapper().writeValueAsString(policy), NOW.minus(Duration.ofDays(60))),
                "policy-service");

        Instant oldRole = NOW.minus(Duration.ofDays(30));
        GrantId confluence = held("R-mv-1", "confluence:read", oldRole);
        GrantId jira = held("R-mv-2", "jira:edit", oldRole);
        GrantId snowflake = held("R-mv-3", "snowflake-analytics:read", oldRole);
        GrantId awsForTheNewRole = held("R-mv-4", "aws-dev:deploy", NOW);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from held_grant where employee_id = ?", Integer.class, MOVER.value()) == 4);

        EmployeeTransferred moved = new EmployeeTransferred(EventId.of(UUID.randomUUID().toString()), MOVER,
                new EmployeeProfile(MOVER, "Ada Byrne", "ada.byrne@example.com", "Engineering", "Software Engineer",
                        EmployeeId.of("E1031"), EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null, null, true),
                "Data", "Data Analyst", EmployeeId.of("E1032"), TODAY, "workday", NOW);
        service.publish(moved, "request-service");

        await().atMost(Duration.ofSeconds(60)).until(() -> revocations(snowflake).size() == 1);
        AccessRevocationRequested revocation = revocations(snowflake).get(0);
        assertThat(revocation.revocationReason()).isEqualTo(io.accessledger.events.model.RevocationReason.MOVER);
        assertThat(revocation.requestId()).isEqualTo(RequestId.of("R-mv-3"));
        assertThat(revocation.note()).contains("Moved to Software Engineer, Engineering");

        // A grant of the old role that completes after the move goes as well.
        GrantId lateOldGrant = held("R-mv-5", "hubspot-dashboards:view", oldRole);
        await().atMost(Duration.ofSeconds(60)).until(() -> revocations(lateOldGrant).size() == 1);

        // The same move delivered again as another event (a replay past the spine's dedupe) asks for nothing new.
        service.publish(new EmployeeTransferred(EventId.of(UUID.randomUUID().toString()), MOVER, moved.profile(),
                "Data", "Data Analyst", EmployeeId.of("E1032"), TODAY, "workday", NOW.plusSeconds(1)),
                "request-service");
        GrantId marker = held("R-mv-6", "snowflake-analytics:read", oldRole);
        await().atMost(Duration.ofSeconds(60)).until(() -> revocations(marker).size() == 1);

        assertThat(revocations(snowflake)).hasSize(1);
        assertThat(revocations(confluence)).isEmpty();
        assertThat(revocations(jira)).isEmpty();
        assertThat(revocations(awsForTheNewRole)).isEmpty();

        // What the move keeps outside the new profile (asked for the new role) is reviewed by the new manager, once;
        // what the new profile brings is not.
        String campaign = MoverRules.transferCampaignId(MOVER, TODAY);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from review_item where campaign_id = ?", Integer.class, campaign) >= 1);
        List<java.util.Map<String, Object>> items = jdbc.queryForList(
                "select grant_id, reviewer_id, employee_id from review_item where campaign_id = ?", campaign);
        assertThat(items).hasSize(1);
        assertThat(items.get(0)).containsEntry("grant_id", Ids.grantFor(RequestId.of("R-mv-4")).value())
                .containsEntry("reviewer_id", "E1031").containsEntry("employee_id", MOVER.value());
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?"
                + " and payloadtype = ?", Integer.class, CampaignOpener.itemIdOf(campaign, awsForTheNewRole),
                AccessReviewRequested.class.getName())).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from review_campaign where campaign_id = ?", Integer.class,
                campaign)).isEqualTo(1);
    }

    private static GrantId held(String request, String entitlement, Instant submittedAt) throws Exception {
        RequestId requestId = RequestId.of(request);
        GrantId grantId = Ids.grantFor(requestId);
        service.publish(new RequestSubmitted(EventId.of(UUID.randomUUID().toString()), requestId, null, MOVER,
                MOVER, e(entitlement).resourceId(), e(entitlement).level(),
                "Needed for the analytics work of the team", null, null, RequestSource.PORTAL, false, List.of(),
                submittedAt), "request-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from request_submitted where request_id = ?", Integer.class, request) == 1);
        service.publish(new AccessProvisioned(EventId.of(UUID.randomUUID().toString()), grantId, requestId, MOVER,
                e(entitlement), "manual", "manual", "CHG-1", EmployeeId.of("E1040"), null, submittedAt.plusSeconds(5),
                null, submittedAt.plus(Duration.ofDays(180)), NOW), "provisioning-service");
        return grantId;
    }

    private static List<AccessRevocationRequested> revocations(GrantId grant) {
        return jdbc.queryForList("select payload from domainevententry where aggregateidentifier = ? and payloadtype = ?",
                byte[].class, grant.value(), AccessRevocationRequested.class.getName()).stream()
                .map(payload -> {
                    try {
                        return EventJson.mapper().readValue(payload, AccessRevocationRequested.class);
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                }).toList();
    }

    private static PolicyDocument.Resource resource(String id, String level) {
        return new PolicyDocument.Resource(id, id, "manual", null, Sensitivity.LOW, List.of(),
                List.of(new PolicyDocument.Level(level, false)), null);
    }

    private static Entitlement e(String text) {
        return Entitlement.parse(text);
    }
}
