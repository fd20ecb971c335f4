package io.accessledger.policy.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.policy.PolicyServiceApplication;
import io.accessledger.spine.outbox.OutboxHealth;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.io.ClassPathResource;

/**
 * A large organisation's policy — 5,000 resources, well over Kafka's default 1 MB per message as JSON — is accepted,
 * published on the policy topic (compressed) and evaluated against, end to end through the running service.
 */
class LargePolicyServiceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(PolicyServiceApplication.application(), "policy_large");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aFiveThousandResourcePolicyIsPublishedOnTheTopicAndEvaluatedAgainst() throws Exception {
        String demo = new ClassPathResource("policy/demo-policy.yaml").getContentAsString(StandardCharsets.UTF_8);
        StringBuilder resources = new StringBuilder("resources:\n");
        for (int i = 0; i < 5_000; i++) {
            resources.append("  - {id: app-").append(i).append(", name: Line-of-business application number ")
                    .append(i).append(", target: manual, ownerId: E1040, sensitivity: LOW, tags: [SOC2],")
                    .append(" levels: [{name: read, privileged: false}, {name: edit, privileged: false},")
                    .append(" {name: admin, privileged: true}]}\n");
        }
        String large = demo.replaceFirst("resources:\n", resources.toString());
        assertThat(large.length()).isGreaterThan(1_000_000);

        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/policy"))
                .header("Authorization", "Bearer " + DevTokens.mint("E1041", "ADMIN"))
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(large)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        List<PolicyPublished> published = await().atMost(Duration.ofSeconds(90)).until(
                () -> service.published(Topic.POLICY, PolicyPublished.SUBJECT, PolicyPublished.class),
                versions -> versions.size() == 2);
        assertThat(published.get(1).document().length()).isGreaterThan(1_048_576);
        assertThat(published.get(1).document()).contains("\"app-4999\"");
        assertThat(service.bean(OutboxHealth.class).health().getStatus()).isEqualTo(Status.UP);

        HttpResponse<String> verdict = HTTP.send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/api/v1/policy/evaluations"))
                .header("Authorization", "Bearer " + DevTokens.mint("E1040", "IAM"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"beneficiaryId\":\"E1030\",\"resourceId\":\"app-4999\",\"accessLevel\":\"read\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(verdict.statusCode()).as(verdict.body()).isEqualTo(200);
        assertThat(verdict.body()).contains("\"policyVersion\":\"2\"").contains("app-4999");
    }
}
