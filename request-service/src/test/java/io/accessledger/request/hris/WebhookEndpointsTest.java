package io.accessledger.request.hris;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.request.hris.bamboohr.BambooHrApi;
import io.accessledger.request.hris.bamboohr.BambooHrConfiguration;
import io.accessledger.request.hris.bamboohr.BambooHrFetches;
import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.bamboohr.BambooHrWebhookController;
import io.accessledger.request.hris.bamboohr.InMemoryBambooHrFetchStore;
import io.accessledger.request.hris.standardwebhooks.HrisWebhookController;
import io.accessledger.request.hris.standardwebhooks.StandardWebhookSignature;
import io.accessledger.request.hris.workday.EffectiveDatedEvents;
import io.accessledger.request.hris.workday.InMemoryEffectiveDatedStore;
import io.accessledger.request.hris.workday.WorkdayBasicAuth;
import io.accessledger.request.hris.workday.WorkdayWebhookController;
import io.accessledger.web.ProblemHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionOperations;

/** The three endpoints over HTTP (WebFlux without a Spring context): raw bodies, 401 problems, replays, outcomes. */
class WebhookEndpointsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T04:00:00Z");
    private static final String BAMBOO_KEY = "bamboo-test-key";
    private static final byte[] HRIS_KEY = "hris-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<WorkerEvent> recorded = new ArrayList<>();
    private boolean failing;
    private final WorkerEventSink sink = (event, source) -> {
        if (failing) {
            throw new IllegalStateException("directory unavailable");
        }
        recorded.add(event);
        return true;
    };
    private final InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
    private final InMemoryEffectiveDatedStore pending = new InMemoryEffectiveDatedStore();
    private final InMemoryBambooHrFetchStore fetchQueue = new InMemoryBambooHrFetchStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WebTestClient client = client("bamboo-api-key");
    private final WebTestClient withoutApiKey = client("");

    private WebTestClient client(String apiKey) {
        HrisProperties.Api api = new HrisProperties.Api("http://127.0.0.1:9/api/gateway.php", "acme", apiKey, null,
                null, null, null, null);
        BambooHrFetches fetches = new BambooHrFetches(fetchQueue, new BambooHrApi(api), sink, api, meters, clock);
        return WebTestClient.bindToController(
            new BambooHrWebhookController(BambooHrConfiguration.signature(BAMBOO_KEY, Duration.ofMinutes(5)),
                    deliveries, sink, fetches, TransactionOperations.withoutTransaction(), clock),
            new HrisWebhookController(new StandardWebhookSignature(
                    "whsec_" + Base64.getEncoder().encodeToString(HRIS_KEY), Duration.ofMinutes(5)), deliveries,
                    sink, clock),
            new WorkdayWebhookController(DeliveryAuth.signedOrUnsigned(BodySignature.accessLedger("wd-signing-secret",
                    Duration.ofMinutes(5)), new WorkdayBasicAuth("wd", "pw")::verify), deliveries,
                    new EffectiveDatedEvents(pending, sink, clock, "workday"), clock))
            .controllerAdvice(new ProblemHandler()).build();
    }

    private static byte[] hmac(byte[] key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    private WebTestClient.ResponseSpec bamboo(byte[] body, MediaType type, String key, Instant at) throws Exception {
        return bamboo(client, body, type, key, at);
    }

    private static WebTestClient.ResponseSpec bamboo(WebTestClient client, byte[] body, MediaType type, String key,
            Instant at) throws Exception {
        String ts = Long.toString(at.getEpochSecond());
        String signature = HexFormat.of().formatHex(hmac(key.getBytes(StandardCharsets.UTF_8), body,
                ts.getBytes(StandardCharsets.UTF_8)));
        return client.post().uri("/webhooks/bamboohr").contentType(type).header("X-BambooHR-Signature", signature)
                .header("X-BambooHR-Timestamp", ts).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec hris(String id, byte[] body, Instant at) throws Exception {
        String ts = Long.toString(at.getEpochSecond());
        String signature = "v1," + Base64.getEncoder().encodeToString(
                hmac(HRIS_KEY, (id + "." + ts + ".").getBytes(StandardCharsets.UTF_8), body));
        return client.post().uri("/webhooks/hris").contentType(MediaType.APPLICATION_JSON).header("webhook-id", id)
                .header("webhook-timestamp", ts).header("webhook-signature", signature).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec workday(String fixture, String user, String password) {
        return client.post().uri("/webhooks/workday").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBasicAuth(user, password)).bodyValue(Fixtures.bytes(fixture)).exchange();
    }

    private static void assertProblem(WebTestClient.ResponseSpec response, String slug) {
        response.expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:accessledger:problem:" + slug)
                .jsonPath("$.status").isEqualTo(401);
    }

    @Test
    void bambooHrFieldBasedDeliveryRecordsEveryEmployee() throws Exception {
        bamboo(Fixtures.bytes("bamboohr-field-based.json"), MediaType.APPLICATION_JSON, BAMBOO_KEY, NOW)
                .expectStatus().isOk().expectBody()
                .jsonPath("$.received").isEqualTo(3).jsonPath("$.changed").isEqualTo(3);

        assertThat(recorded).extracting(WorkerEvent::employeeId).containsExactly(EmployeeId.of("E2001"),
                EmployeeId.of("E2002"), EmployeeId.of("E2003"));
    }

    @Test
    void bambooHrFormEncodedDeliveryIsVerifiedOverTheRawBytes() throws Exception {
        bamboo(Fixtures.bytes("bamboohr-event-deleted.form"), MediaType.APPLICATION_FORM_URLENCODED, BAMBOO_KEY, NOW)
                .expectStatus().isOk();

        assertThat(recorded).singleElement().satisfies(event -> assertThat(event.patch().fields())
                .containsEntry("status", "TERMINATED"));
    }

    @Test
    void bambooHrTheSameDeliveryTwiceHasOneEffectAndTheReplayIsRefused() throws Exception {
        byte[] body = Fixtures.bytes("bamboohr-field-based.json");
        bamboo(body, MediaType.APPLICATION_JSON, BAMBOO_KEY, NOW).expectStatus().isOk();

        assertProblem(bamboo(body, MediaType.APPLICATION_JSON, BAMBOO_KEY, NOW), "replayed-delivery");
        assertThat(recorded).hasSize(3);
    }

    @Test
    void bambooHrForgedOrStaleDeliveriesAreRefusedWithoutEffect() throws Exception {
        byte[] body = Fixtures.bytes("bamboohr-field-based.json");
        assertProblem(bamboo(body, MediaType.APPLICATION_JSON, "forged-key", NOW), "invalid-signature");
        assertProblem(bamboo(body, MediaType.APPLICATION_JSON, BAMBOO_KEY, NOW.minusSeconds(600)),
                "stale-timestamp");
        assertProblem(client.post().uri("/webhooks/bamboohr").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange(), "missing-signature");

        assertThat(recorded).isEmpty();
        assertThat(deliveries.claimed).isEmpty();
    }

    @Test
    void bambooHrAFailedDeliveryIsReleasedSoTheRetryIsProcessed() throws Exception {
        byte[] body = Fixtures.bytes("bamboohr-event-deleted.json");
        failing = true;
        bamboo(body, MediaType.APPLICATION_JSON, BAMBOO_KEY, NOW).expectStatus().is5xxServerError();

        failing = false;
        bamboo(body, MediaType.APPLICATION_JSON, BAMBOO_KEY, NOW).expectStatus().isOk();
        assertThat(recorded).hasSize(1);
    }

    @Test
    void bambooHrEventBasedUpdateIsAcceptedAndItsEmployeeQueuedForTheFetchOnce() throws Exception {
        byte[] body = Fixtures.bytes("bamboohr-event-updated.json");
        bamboo(body, MediaType.APPLICATION_JSON, BAMBOO_KEY, NOW).expectStatus().isAccepted().expectBody()
                .jsonPath("$.received").isEqualTo(1).jsonPath("$.changed").isEqualTo(0)
                .jsonPath("$.scheduled").isEqualTo(1);

        assertProblem(bamboo(body, MediaType.APPLICATION_JSON, BAMBOO_KEY, NOW), "replayed-delivery");
        InMemoryBambooHrFetchStore.Row queued = fetchQueue.only();
        assertThat(queued.employeeId).isEqualTo("67890");
        assertThat(queued.type).isEqualTo("employee.updated");
        assertThat(queued.state).isEqualTo("PENDING");
        assertThat(recorded).isEmpty();
    }

    @Test
    void bambooHrEventBasedUpdateWithoutAnApiKeyIsAcknowledgedAndCountedAsNotFetchable() throws Exception {
        bamboo(withoutApiKey, Fixtures.bytes("bamboohr-event-updated.form"), MediaType.APPLICATION_FORM_URLENCODED,
                BAMBOO_KEY, NOW).expectStatus().isOk().expectBody()
                .jsonPath("$.scheduled").isEqualTo(0)
                .jsonPath("$.notes[0]").value(note -> assertThat(note.toString()).contains("not fetchable"));

        assertThat(fetchQueue.rows).isEmpty();
        assertThat(meters.counter(BambooHrFetches.METRIC, "outcome", "not_configured").count()).isEqualTo(1);
    }

    @Test
    void hrisSignedDeliveryRecordsTheWorkerOnceAndAnswersItsRetryAsAlreadyReceived() throws Exception {
        byte[] body = Fixtures.bytes("hris-worker-hired.json");
        hris("msg_1", body, NOW).expectStatus().isOk().expectBody().jsonPath("$.changed").isEqualTo(1);

        hris("msg_1", body, NOW).expectStatus().isOk().expectBody().jsonPath("$.changed").isEqualTo(0)
                .jsonPath("$.notes[0]").isEqualTo("already received: msg_1");
        assertThat(recorded).singleElement().extracting(WorkerEvent::employeeId).isEqualTo(EmployeeId.of("E4001"));
    }

    @Test
    void hrisStaleOrUnsignedDeliveriesAreRefused() throws Exception {
        byte[] body = Fixtures.bytes("hris-worker-hired.json");
        assertProblem(hris("msg_2", body, NOW.plusSeconds(301)), "stale-timestamp");
        assertProblem(client.post().uri("/webhooks/hris").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange(), "missing-signature");
        assertThat(recorded).isEmpty();
    }

    @Test
    void workdayRequiresBasicAuth() {
        assertProblem(workday("workday-hire.json", "wd", "wrong"), "invalid-credentials");
        assertProblem(client.post().uri("/webhooks/workday").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.bytes("workday-hire.json")).exchange(), "invalid-credentials");
        assertThat(pending.entries).isEmpty();
    }

    @Test
    void workdayFutureHireIsScheduledAndItsRescindCancelsIt() {
        workday("workday-hire.json", "wd", "pw").expectStatus().isOk().expectBody()
                .jsonPath("$.outcome").isEqualTo("SCHEDULED");
        workday("workday-rescind.json", "wd", "pw").expectStatus().isOk().expectBody()
                .jsonPath("$.outcome").isEqualTo("CANCELLED");

        assertThat(recorded).isEmpty();
    }

    @Test
    void workdayPastDatedJobChangeAppliesNowAndItsReplayIsRefused() {
        workday("workday-job-change.json", "wd", "pw").expectStatus().isOk().expectBody()
                .jsonPath("$.outcome").isEqualTo("APPLIED");

        assertProblem(workday("workday-job-change.json", "wd", "pw"), "replayed-delivery");
        assertThat(recorded).hasSize(1);
    }

    @Test
    void malformedBodiesAreA400NotA401() throws Exception {
        byte[] body = "{\"type\":\"worker.hired\"}".getBytes(StandardCharsets.UTF_8);
        hris("msg_3", body, NOW).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    /** The delivery log's contract in memory. */
    static final class InMemoryDeliveryStore implements DeliveryStore {
        final Set<String> claimed = new HashSet<>();

        @Override
        public synchronized boolean claim(String source, String deliveryId, Instant at) {
            return claimed.add(source + "|" + deliveryId);
        }

        @Override
        public synchronized void release(String source, String deliveryId) {
            claimed.remove(source + "|" + deliveryId);
        }
    }
}
