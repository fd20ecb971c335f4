package io.accessledger.request.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The write-back against a local server that records what it receives. */
class ServiceNowClientTest {
    private final RecordingServer server;
    private final ServiceNowClient client;

    ServiceNowClientTest() throws Exception {
        server = new RecordingServer();
        client = new ServiceNowClient(server.url() + "/", "al-integration", "pw", 4, Duration.ofMillis(20),
                Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void patchesTheRitmWithBasicAuthAStateAndAWorkNote() {
        ServiceNowClient.Delivered delivered = client.patch("aeed229047801200e0ef563dbb9a71c2", "3",
                "AccessLedger: access provisioned");

        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(server.received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.path()).isEqualTo("/api/now/table/sc_req_item/aeed229047801200e0ef563dbb9a71c2");
            assertThat(r.authorization()).isEqualTo(ServiceNowInboundAuthTest.basic("al-integration", "pw"));
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.body()).isEqualTo("{\"state\":\"3\",\"work_notes\":\"AccessLedger: access provisioned\"}");
        });
    }

    @Test
    void aNoteWithoutStateLeavesTheStateOut() {
        client.patch("abc", null, "note");

        assertThat(server.received.get(0).body()).isEqualTo("{\"work_notes\":\"note\"}");
    }

    @Test
    void a503IsRetriedOnceAndThenSucceeds() {
        server.answer(503);

        ServiceNowClient.Delivered delivered = client.patch("abc", "2", "note");

        assertThat(delivered.attempts()).isEqualTo(2);
        assertThat(server.received).hasSize(2);
    }

    @Test
    void a429WaitsForRetryAfterBeforeTheRetry() {
        server.answer(429, "1");

        ServiceNowClient.Delivered delivered = client.patch("abc", "2", "note");

        assertThat(delivered.attempts()).isEqualTo(2);
        assertThat(Duration.between(server.received.get(0).at(), server.received.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void a400IsNotRetriedAndFails() {
        server.answer(400);

        assertThatThrownBy(() -> client.patch("abc", "2", "note"))
                .isInstanceOfSatisfying(ServiceNowClient.WriteBackFailed.class,
                        failed -> assertThat(failed.attempts()).isEqualTo(1))
                .hasMessageContaining("HTTP 400");
        assertThat(server.received).hasSize(1);
    }

    @Test
    void anExhaustedBudgetThrowsAfterTheLastAttempt() {
        server.answer(500).answer(502).answer(503).answer(504);

        assertThatThrownBy(() -> client.patch("abc", "2", "note"))
                .isInstanceOfSatisfying(ServiceNowClient.WriteBackFailed.class,
                        failed -> assertThat(failed.attempts()).isEqualTo(4))
                .hasMessageContaining("after 4 attempts").hasMessageContaining("HTTP 504");
        assertThat(server.received).hasSize(4);
    }

    @Test
    void connectionFailuresAreRetriedThenThrown() {
        String url = server.url();
        server.close();
        ServiceNowClient unreachable = new ServiceNowClient(url, "u", "p", 2, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(2));

        assertThatThrownBy(() -> unreachable.patch("abc", "2", "note"))
                .isInstanceOfSatisfying(ServiceNowClient.WriteBackFailed.class,
                        failed -> assertThat(failed.attempts()).isEqualTo(2));
    }

    @Test
    void backoffIsCappedAndRetryAfterIsCappedAtTheMaximum() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(client.backoff(attempt)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(client.retryAfter("120", 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(client.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 1)).isLessThanOrEqualTo(Duration.ofMillis(20));
    }

    @Test
    void withoutAnInstanceUrlTheClientIsNotConfigured() {
        assertThat(new ServiceNowClient("", "u", "p", 4, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofSeconds(1)).configured()).isFalse();
        assertThat(client.configured()).isTrue();
    }
}
