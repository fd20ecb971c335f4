package io.accessledger.policy.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.policy.PolicyServiceApplication;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.DevTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * Two instances of policy-service side by side (one broker, one database): a policy published through one of them
 * is the policy the other evaluates with, without a restart — it reaches every instance through the policy topic.
 */
class TwoPolicyInstancesServiceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningService first;
    private static RunningService second;

    @BeforeAll
    static void startTwoInstances() {
        first = RunningService.start(PolicyServiceApplication.application(), "policy_two_instances");
        second = first.secondInstance(PolicyServiceApplication.application());
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
    void aPolicyPublishedThroughOneInstanceIsTheOneTheOtherEvaluatesWith() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> evaluate(second).contains("\"policyVersion\":\"1\""));
        assertThat(evaluate(first)).contains("\"policyVersion\":\"1\"");
        String demo = new ClassPathResource("policy/demo-policy.yaml").getContentAsString(StandardCharsets.UTF_8);

        HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/api/v1/policy"))
                .header("Authorization", "Bearer " + DevTokens.mint("E1041", "ADMIN"))
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(demo.replace("inProfileMaxSensitivity: LOW", "inProfileMaxSensitivity: MEDIUM")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> evaluate(second).contains("\"policyVersion\":\"2\""));
        assertThat(evaluate(first)).contains("\"policyVersion\":\"2\"");
    }

    private static String evaluate(RunningService instance) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/api/v1/policy/evaluations"))
                .header("Authorization", "Bearer " + DevTokens.mint("E1040", "IAM"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"beneficiaryId\":\"E1030\",\"resourceId\":\"jira\",\"accessLevel\":\"read\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
