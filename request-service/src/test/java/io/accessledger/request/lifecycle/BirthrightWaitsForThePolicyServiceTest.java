package io.accessledger.request.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole service (real broker, its own PostgreSQL): topics are not ordered with each other, so a hire can reach
 * the joiner consumer before any policy version has reached the policy-in-force view. The hire waits, parked, for
 * the policy, and its birthright requests are made when the policy arrives.
 */
class BirthrightWaitsForThePolicyServiceTest {
    private static final EmployeeId JOINER = EmployeeId.of("E2001");
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(RequestServiceApplication.application(), "request_catalog_behind",
                "--accessledger.spine.park-backoff=200ms", "--accessledger.spine.park-poll-interval=200ms");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aHireThatArrivesBeforeAnyPolicyGetsItsBirthrightRequestsWhenThePolicyArrives() throws Exception {
        service.publish(new EmployeeHired(EventId.of(UUID.randomUUID().toString()), JOINER,
                LifecycleRulesTest.engineer(), LocalDate.parse("2026-03-02"), "workday",
                Instant.parse("2026-03-01T09:00:00Z")), "request-service");
        await("nothing requested without a policy").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> requested().isEmpty());

        service.publish(new PolicyPublished(EventId.of(UUID.randomUUID().toString()), "3", EmployeeId.of("E1041"),
                List.of(), EventJson.mapper().writeValueAsString(LifecycleRulesTest.POLICY),
                Instant.parse("2026-01-01T00:00:00Z")), "policy-service");

        await().atMost(Duration.ofSeconds(60)).until(() -> requested().size() == 4);
        assertThat(requested()).containsExactlyInAnyOrder("confluence:read", "vpn:user", "github:write", "jira:edit");
    }

    private static List<String> requested() {
        return service.jdbc().queryForList("""
                select resource_id || ':' || access_level from request_view
                where beneficiary_id = ? and source = 'HRIS_JOINER'""", String.class, JOINER.value());
    }
}
