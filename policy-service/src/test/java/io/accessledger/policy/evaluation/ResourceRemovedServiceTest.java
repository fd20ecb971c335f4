package io.accessledger.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.policy.PolicyServiceApplication;
import io.accessledger.policy.access.AccessView;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * The whole policy-service: a request admitted under one policy version (request-service checked it against the
 * catalog it knew) is judged after a new version removed its resource. It gets a verdict — never auto-approved,
 * sent to IAM — instead of an evaluation that fails for ever and leaves the request SUBMITTED.
 */
class ResourceRemovedServiceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EmployeeId NURSE = EmployeeId.of("E3101");
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(PolicyServiceApplication.application(), "policy_resource_removed",
                "--accessledger.spine.park-backoff=200ms", "--accessledger.spine.park-poll-interval=200ms");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aRequestForAResourceANewVersionRemovedGetsAVerdictForIam() throws Exception {
        // Version 1 is the demo policy (the initial file); version 2 drops patient-records (and the Nurse profile).
        String demo = new ClassPathResource("policy/demo-policy.yaml").getContentAsString(StandardCharsets.UTF_8);
        String withoutPatientRecords = demo.replaceAll("(?m)^  - \\{id: patient-records,.*\\n.*\\n.*\\n", "")
                .replaceAll("(?m)^  - \\{department: Clinical.*\\n", "");
        assertThat(withoutPatientRecords).doesNotContain("patient-records");
        HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/api/v1/policy")).header("Authorization", "Bearer " + DevTokens.mint("E1041", "ADMIN"))
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(
                        withoutPatientRecords)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        service.publish(new EmployeeHired(EventId.of(UUID.randomUUID().toString()), NURSE, new EmployeeProfile(NURSE,
                "Ines Duarte", "ines.duarte@example.com", "Clinical", "Nurse", EmployeeId.of("E1020"), null,
                EmploymentStatus.ACTIVE, LocalDate.parse("2026-06-01"), null, true), LocalDate.parse("2025-01-06"),
                "workday", Instant.now().minusSeconds(3600)), "request-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(AccessView.class).person(NURSE).isPresent());

        RequestId request = RequestId.of("R-removed-" + UUID.randomUUID());
        service.publish(new RequestSubmitted(EventId.of(UUID.randomUUID().toString()), request, null, NURSE, NURSE,
                "patient-records", "read", "Ward rounds need the charts of my patients", null, null,
                RequestSource.PORTAL, false, List.of(), Instant.now()), "request-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> !service.published(Topic.POLICY, request.value(),
                PolicyEvaluated.class).isEmpty());
        PolicyEvaluated verdict = service.published(Topic.POLICY, request.value(), PolicyEvaluated.class).get(0);
        assertThat(verdict.policyVersion()).isEqualTo("2");
        assertThat(verdict.findings()).extracting(finding -> finding.rule()).contains("resourceNotInCatalog");
        assertThat(verdict.autoApprovable()).isFalse();
        assertThat(verdict.requiredStages()).contains(Stage.IAM);
        assertThat(verdict.resource().resourceId()).isEqualTo("patient-records");
        assertThat(service.jdbc().queryForObject("select count(*) from inbound_parked where record_key = ?",
                Integer.class, request.value())).isZero();
    }
}
