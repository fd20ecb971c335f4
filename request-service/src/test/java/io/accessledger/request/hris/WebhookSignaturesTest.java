package io.accessledger.request.hris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.accessledger.request.hris.WebhookEndpointsTest.InMemoryDeliveryStore;
import io.accessledger.request.hris.bamboohr.BambooHrApi;
import io.accessledger.request.hris.bamboohr.BambooHrConfiguration;
import io.accessledger.request.hris.bamboohr.BambooHrFetches;
import io.accessledger.request.hris.bamboohr.BambooHrWebhookController;
import io.accessledger.request.hris.bamboohr.InMemoryBambooHrFetchStore;
import io.accessledger.request.hris.standardwebhooks.HrisWebhookController;
import io.accessledger.request.hris.standardwebhooks.StandardWebhookSignature;
import io.accessledger.request.hris.workday.EffectiveDatedEvents;
import io.accessledger.request.hris.workday.InMemoryEffectiveDatedStore;
import io.accessledger.request.hris.workday.WorkdayBasicAuth;
import io.accessledger.request.hris.workday.WorkdayWebhookController;
import io.accessledger.request.servicenow.FakeRitmDoor;
import io.accessledger.request.servicenow.InMemoryServiceNowStore;
import io.accessledger.request.servicenow.ServiceNowClient;
import io.accessledger.request.servicenow.ServiceNowInboundAuth;
import io.accessledger.request.servicenow.ServiceNowIntakeController;
import io.accessledger.web.ProblemHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The webhook signature table (issue #14 point 3, docs/SECURITY.md "Webhook signatures"): every machine-to-machine
 * endpoint of request-service — BambooHR (HMAC-SHA256 over body + timestamp), Standard Webhooks (HMAC over
 * id.timestamp.body), Workday and ServiceNow (HMAC-SHA256 over body + timestamp as BambooHR's; HTTP Basic, and for
 * ServiceNow a bearer token, only when configured to accept unsigned deliveries) — × the ways a delivery can be
 * genuine or not. Each row says the status and problem slug; every refusal is problem+json, has no effect (no worker
 * event recorded, no delivery claimed, no fetch queued, no effective-dated entry, no command sent, no RITM linked)
 * and is logged (ASVS V16.3.2); neither the answer nor the log carries a secret. Over HTTP with WebFlux, without a
 * Spring context.
 */
class WebhookSignaturesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T04:00:00Z");
    private static final String BAMBOO_KEY = "bamboo-signing-key-4f9a";
    private static final byte[] HRIS_KEY = "hris-signing-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final String HRIS_SECRET = "whsec_" + Base64.getEncoder().encodeToString(HRIS_KEY);
    private static final String WORKDAY_SECRET = "wd-signing-secret-2b8d";
    private static final String WORKDAY_PASSWORD = "wd-password-7c1e";
    private static final String SERVICENOW_PASSWORD = "sn-password-93ab";
    private static final String SERVICENOW_SECRET = "sn-signing-secret-61fa";
    private static final String SERVICENOW_TOKEN = "sn-bearer-token-5d2f";
    private static final List<String> SECRETS = List.of(BAMBOO_KEY, HRIS_SECRET,
            Base64.getEncoder().encodeToString(HRIS_KEY), WORKDAY_SECRET, WORKDAY_PASSWORD, SERVICENOW_SECRET,
            SERVICENOW_PASSWORD, SERVICENOW_TOKEN);
    private static final String SIGNATURE = BodySignature.SIGNATURE_HEADER;
    private static final String TIMESTAMP = BodySignature.TIMESTAMP_HEADER;

    private static final byte[] BAMBOO_BODY = Fixtures.bytes("bamboohr-field-based.json");
    private static final byte[] HRIS_BODY = Fixtures.bytes("hris-worker-hired.json");
    private static final byte[] WORKDAY_BODY = Fixtures.bytes("workday-job-change.json");
    private static final byte[] RITM_BODY = Fixtures.servicenow("ritm-outbound-rest.json");

    /** The effects of one accepted delivery (see {@link #effects()}). */
    private static final int BAMBOO_EFFECTS = 4;
    private static final int HRIS_EFFECTS = 2;
    private static final int WORKDAY_EFFECTS = 3;
    private static final int SERVICENOW_EFFECTS = 2;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<WorkerEvent> recorded = new ArrayList<>();
    private final WorkerEventSink sink = (event, source) -> recorded.add(event);
    private final InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
    private final InMemoryEffectiveDatedStore pending = new InMemoryEffectiveDatedStore();
    private final InMemoryBambooHrFetchStore fetchQueue = new InMemoryBambooHrFetchStore();
    private final CommandGateway commands = mock(CommandGateway.class);
    private final InMemoryServiceNowStore ritms = new InMemoryServiceNowStore();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    /** As configured by default: Workday and ServiceNow deliveries must be signed. */
    private final WebTestClient client = client(false);
    /** With {@code accept-unsigned: true}: HTTP Basic (ServiceNow also a bearer token) accepted without a signature. */
    private final WebTestClient unsignedAccepted = client(true);

    private WebTestClient client(boolean acceptUnsigned) {
        HrisProperties.Api api = new HrisProperties.Api("http://127.0.0.1:9/api/gateway.php", "acme", "", null,
                null, null, null, null);
        BambooHrFetches fetches = new BambooHrFetches(fetchQueue, new BambooHrApi(api), sink, api,
                new SimpleMeterRegistry(), clock);
        ServiceNowClient unconfigured = new ServiceNowClient(null, "al", "pw", 1, Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofSeconds(1));
        BodySignature workday = BodySignature.accessLedger(WORKDAY_SECRET, Duration.ofMinutes(5));
        BodySignature serviceNow = BodySignature.accessLedger(SERVICENOW_SECRET, Duration.ofMinutes(5));
        return WebTestClient.bindToController(
                new BambooHrWebhookController(BambooHrConfiguration.signature(BAMBOO_KEY, Duration.ofMinutes(5)),
                        deliveries, sink, fetches, TransactionOperations.withoutTransaction(), clock),
                new HrisWebhookController(new StandardWebhookSignature(HRIS_SECRET, Duration.ofMinutes(5)),
                        deliveries, sink, clock),
                new WorkdayWebhookController(acceptUnsigned ? DeliveryAuth.signedOrUnsigned(workday,
                        new WorkdayBasicAuth("workday", WORKDAY_PASSWORD)::verify) : DeliveryAuth.signedOnly(workday),
                        deliveries, new EffectiveDatedEvents(pending, sink, clock, "workday"), clock),
                new ServiceNowIntakeController(acceptUnsigned ? DeliveryAuth.signedOrUnsigned(serviceNow,
                        new ServiceNowInboundAuth("servicenow", SERVICENOW_PASSWORD, SERVICENOW_TOKEN)::verify)
                        : DeliveryAuth.signedOnly(serviceNow), new FakeRitmDoor(NOW), commands, ritms,
                        TransactionOperations.withoutTransaction(), unconfigured, clock))
                .controllerAdvice(new ProblemHandler()).build();
    }

    @BeforeEach
    void listen() {
        log.start();
        ((Logger) LoggerFactory.getLogger("io.accessledger")).addAppender(log);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger("io.accessledger")).detachAppender(log);
    }

    /** One delivery as it goes on the wire: the body and the headers, which a row may tamper with. */
    record Delivery(byte[] body, Map<String, String> headers) {
        Delivery with(String header, String value) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.put(header, value);
            return new Delivery(body, changed);
        }

        Delivery without(String header) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.remove(header);
            return new Delivery(body, changed);
        }

        Delivery edit(String header, UnaryOperator<String> edit) {
            return with(header, edit.apply(headers.get(header)));
        }

        Delivery body(byte[] other) {
            return new Delivery(other, headers);
        }
    }

    /**
     * A row: what is sent (the last answer is checked), the status, the problem slug (null for an acceptance), the
     * effects afterwards, and what the accepted answer says (null: not checked).
     */
    record Row(String name, Function<WebhookSignaturesTest, WebTestClient.ResponseSpec> send, int status,
            String slug, int effects, String answer) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row accepted(String name, Function<WebhookSignaturesTest, WebTestClient.ResponseSpec> send,
            int status, int effects, String answer) {
        return new Row(name, send, status, null, effects, answer);
    }

    private static Row refused(String name, Function<WebhookSignaturesTest, WebTestClient.ResponseSpec> send,
            String slug) {
        return new Row(name, send, 401, slug, 0, null);
    }

    private static Row replayed(String name, Function<WebhookSignaturesTest, WebTestClient.ResponseSpec> send,
            int effects) {
        return new Row(name, send, 401, "replayed-delivery", effects, null);
    }

    /** A request-service signer's delivery: {@code secret}, signed at {@code at}, then tampered with. */
    @FunctionalInterface
    interface Signer {
        WebTestClient.ResponseSpec send(WebhookSignaturesTest test, String secret, Instant at,
                UnaryOperator<Delivery> tamper);
    }

    /**
     * The rows every endpoint signed with {@link BodySignature#accessLedger} shares: signed, forged, altered, an old
     * delivery given a fresh timestamp, the signature missing or malformed, stale either side of the window.
     */
    private static Stream<Row> signedRows(String endpoint, Signer signer, String secret, int status, int effects,
            String answer, byte[] altered) {
        UnaryOperator<Delivery> asSent = d -> d;
        return Stream.of(
            accepted(endpoint + ": correctly signed -> " + status, t -> signer.send(t, secret, NOW, asSent), status,
                    effects, answer),
            refused(endpoint + ": forged (wrong secret) -> 401", t -> signer.send(t, "forged-secret", NOW, asSent),
                    "invalid-signature"),
            refused(endpoint + ": body altered after signing -> 401",
                    t -> signer.send(t, secret, NOW, d -> d.body(altered)), "invalid-signature"),
            refused(endpoint + ": stale delivery given a fresh timestamp -> 401", t -> signer.send(t, secret,
                    NOW.minusSeconds(600), d -> d.with(TIMESTAMP, epoch(NOW))), "invalid-signature"),
            refused(endpoint + ": signature header missing -> 401",
                    t -> signer.send(t, secret, NOW, d -> d.without(SIGNATURE)), "missing-signature"),
            refused(endpoint + ": malformed signature (not hex) -> 401",
                    t -> signer.send(t, secret, NOW, d -> d.with(SIGNATURE, "zz-not-hex")), "invalid-signature"),
            refused(endpoint + ": stale, 301 s in the past -> 401",
                    t -> signer.send(t, secret, NOW.minusSeconds(301), asSent), "stale-timestamp"),
            refused(endpoint + ": stale, 301 s in the future -> 401",
                    t -> signer.send(t, secret, NOW.plusSeconds(301), asSent), "stale-timestamp"));
    }

    static Stream<Row> rows() {
        return Stream.of(fixedRows(),
                signedRows("workday", WebhookSignaturesTest::workday, WORKDAY_SECRET, 200, WORKDAY_EFFECTS,
                        "\"outcome\":\"APPLIED\"", Fixtures.bytes("workday-termination.json")),
                signedRows("servicenow", WebhookSignaturesTest::servicenow, SERVICENOW_SECRET, 202,
                        SERVICENOW_EFFECTS, "\"status\":\"SUBMITTED\"",
                        Fixtures.servicenow("ritm-table-api-display-all.json"))).flatMap(rows -> rows);
    }

    private static Stream<Row> fixedRows() {
        UnaryOperator<Delivery> asSent = d -> d;
        return Stream.of(
            accepted("bamboohr: correctly signed -> 200", t -> t.bamboo(BAMBOO_KEY, NOW, asSent), 200,
                    BAMBOO_EFFECTS, "\"changed\":3"),
            accepted("bamboohr: signed 300 s ago, the window's edge -> 200",
                    t -> t.bamboo(BAMBOO_KEY, NOW.minusSeconds(300), asSent), 200, BAMBOO_EFFECTS, null),
            refused("bamboohr: forged (wrong key) -> 401", t -> t.bamboo("forged-key", NOW, asSent),
                    "invalid-signature"),
            refused("bamboohr: body altered after signing -> 401", t -> t.bamboo(BAMBOO_KEY, NOW,
                    d -> d.body(Fixtures.bytes("bamboohr-event-deleted.json"))), "invalid-signature"),
            refused("bamboohr: stale delivery given a fresh timestamp -> 401",
                    t -> t.bamboo(BAMBOO_KEY, NOW.minusSeconds(600),
                            d -> d.with("X-BambooHR-Timestamp", epoch(NOW))), "invalid-signature"),
            refused("bamboohr: signature header missing -> 401",
                    t -> t.bamboo(BAMBOO_KEY, NOW, d -> d.without("X-BambooHR-Signature")), "missing-signature"),
            refused("bamboohr: timestamp header missing -> 401",
                    t -> t.bamboo(BAMBOO_KEY, NOW, d -> d.without("X-BambooHR-Timestamp")), "missing-signature"),
            refused("bamboohr: malformed signature (not hex) -> 401",
                    t -> t.bamboo(BAMBOO_KEY, NOW, d -> d.with("X-BambooHR-Signature", "zz-not-hex")),
                    "invalid-signature"),
            refused("bamboohr: malformed timestamp (not Unix seconds), signed as sent -> 401",
                    t -> t.bamboo(BAMBOO_KEY, "2026-11-24T04:00:00Z", asSent), "stale-timestamp"),
            refused("bamboohr: stale, 301 s in the past -> 401",
                    t -> t.bamboo(BAMBOO_KEY, NOW.minusSeconds(301), asSent), "stale-timestamp"),
            refused("bamboohr: stale, 301 s in the future -> 401",
                    t -> t.bamboo(BAMBOO_KEY, NOW.plusSeconds(301), asSent), "stale-timestamp"),
            replayed("bamboohr: replayed (the same signed delivery twice) -> the second 401, one effect",
                    t -> t.twice(() -> t.bamboo(BAMBOO_KEY, NOW, asSent)), BAMBOO_EFFECTS),
            replayed("bamboohr: replayed with the signature in upper-case hex -> 401, one effect",
                    t -> t.twice(() -> t.bamboo(BAMBOO_KEY, NOW,
                            d -> d.edit("X-BambooHR-Signature", s -> s.toUpperCase(Locale.ROOT)))), BAMBOO_EFFECTS),
            refused("bamboohr: wrong scheme (sha256=<hex>, GitHub's form) -> 401",
                    t -> t.bamboo(BAMBOO_KEY, NOW, d -> d.edit("X-BambooHR-Signature", s -> "sha256=" + s)),
                    "invalid-signature"),

            accepted("hris: correctly signed -> 200", t -> t.hris("msg_1", HRIS_KEY, NOW, asSent), 200,
                    HRIS_EFFECTS, "\"changed\":1"),
            accepted("hris: an old key's signature listed before the current one's (rotation) -> 200",
                    t -> t.hris("msg_1", HRIS_KEY, NOW, d -> d.edit("webhook-signature",
                            s -> "v1," + Base64.getEncoder().encodeToString(new byte[32]) + " " + s)), 200,
                    HRIS_EFFECTS, null),
            refused("hris: forged (wrong key) -> 401",
                    t -> t.hris("msg_1", "forged-key".getBytes(StandardCharsets.UTF_8), NOW, asSent),
                    "invalid-signature"),
            refused("hris: body altered after signing -> 401", t -> t.hris("msg_1", HRIS_KEY, NOW,
                    d -> d.body(Fixtures.bytes("hris-worker-terminated.json"))), "invalid-signature"),
            refused("hris: webhook-id altered after signing -> 401",
                    t -> t.hris("msg_1", HRIS_KEY, NOW, d -> d.with("webhook-id", "msg_2")), "invalid-signature"),
            refused("hris: stale delivery given a fresh timestamp -> 401", t -> t.hris("msg_1", HRIS_KEY,
                    NOW.minusSeconds(600), d -> d.with("webhook-timestamp", epoch(NOW))), "invalid-signature"),
            refused("hris: webhook-signature missing -> 401",
                    t -> t.hris("msg_1", HRIS_KEY, NOW, d -> d.without("webhook-signature")), "missing-signature"),
            refused("hris: webhook-id missing -> 401",
                    t -> t.hris("msg_1", HRIS_KEY, NOW, d -> d.without("webhook-id")), "missing-signature"),
            refused("hris: webhook-timestamp missing -> 401",
                    t -> t.hris("msg_1", HRIS_KEY, NOW, d -> d.without("webhook-timestamp")), "missing-signature"),
            refused("hris: malformed signature (not base64) -> 401",
                    t -> t.hris("msg_1", HRIS_KEY, NOW, d -> d.with("webhook-signature", "v1,***not-base64***")),
                    "invalid-signature"),
            refused("hris: malformed signature (no version) -> 401", t -> t.hris("msg_1", HRIS_KEY, NOW,
                    d -> d.edit("webhook-signature", s -> s.substring(3))), "invalid-signature"),
            refused("hris: stale, 301 s in the past -> 401",
                    t -> t.hris("msg_1", HRIS_KEY, NOW.minusSeconds(301), asSent), "stale-timestamp"),
            refused("hris: stale, 301 s in the future -> 401",
                    t -> t.hris("msg_1", HRIS_KEY, NOW.plusSeconds(301), asSent), "stale-timestamp"),
            accepted("hris: replayed (the same signed delivery twice) -> the second 200, already received, one effect",
                    t -> t.twice(() -> t.hris("msg_1", HRIS_KEY, NOW, asSent)), 200, HRIS_EFFECTS,
                    "already received: msg_1"),
            accepted("hris: the sender's retry (same webhook-id re-signed later) -> 200, already received, one effect",
                    t -> t.then(t.hris("msg_1", HRIS_KEY, NOW.minusSeconds(60), asSent),
                            () -> t.hris("msg_1", HRIS_KEY, NOW, asSent)), 200, HRIS_EFFECTS,
                    "already received: msg_1"),
            refused("hris: wrong scheme (v1a, the asymmetric one) -> 401", t -> t.hris("msg_1", HRIS_KEY, NOW,
                    d -> d.edit("webhook-signature", s -> "v1a" + s.substring(2))), "invalid-signature"),

            accepted("workday: signed 300 s ago, the window's edge -> 200",
                    t -> t.workday(WORKDAY_SECRET, NOW.minusSeconds(300), asSent), 200, WORKDAY_EFFECTS, null),
            refused("workday: timestamp header missing -> 401",
                    t -> t.workday(WORKDAY_SECRET, NOW, d -> d.without(TIMESTAMP)), "missing-signature"),
            replayed("workday: replayed (the same signed delivery twice) -> the second 401, one effect",
                    t -> t.twice(() -> t.workday(WORKDAY_SECRET, NOW, asSent)), WORKDAY_EFFECTS),
            replayed("workday: the same eventId re-signed later -> 401, one effect",
                    t -> t.then(t.workday(WORKDAY_SECRET, NOW.minusSeconds(60), asSent),
                            () -> t.workday(WORKDAY_SECRET, NOW, asSent)), WORKDAY_EFFECTS),
            refused("workday: wrong scheme (sha256=<hex>) -> 401",
                    t -> t.workday(WORKDAY_SECRET, NOW, d -> d.edit(SIGNATURE, s -> "sha256=" + s)),
                    "invalid-signature"),
            refused("workday: correct HTTP Basic without a signature, unsigned not accepted (the default) -> 401",
                    t -> t.unsigned(t.client, "/webhooks/workday", basic("workday", WORKDAY_PASSWORD), WORKDAY_BODY),
                    "missing-signature"),
            refused("workday: correct HTTP Basic with a forged signature, unsigned accepted -> 401",
                    t -> t.workday(t.unsignedAccepted, "forged-secret", NOW,
                            d -> d.with("Authorization", basic("workday", WORKDAY_PASSWORD))), "invalid-signature"),
            accepted("workday: correct HTTP Basic, unsigned accepted -> 200", t -> t.unsigned(t.unsignedAccepted,
                    "/webhooks/workday", basic("workday", WORKDAY_PASSWORD), WORKDAY_BODY), 200, WORKDAY_EFFECTS,
                    "\"outcome\":\"APPLIED\""),
            refused("workday: forged HTTP Basic (wrong password), unsigned accepted -> 401",
                    t -> t.unsigned(t.unsignedAccepted, "/webhooks/workday", basic("workday", "wd-password-7c1f"),
                            WORKDAY_BODY), "invalid-credentials"),
            accepted("workday: unsigned accepted, a body altered in transit is accepted (HTTP Basic does not sign "
                    + "the body) -> 200", t -> t.unsigned(t.unsignedAccepted, "/webhooks/workday",
                    basic("workday", WORKDAY_PASSWORD), Fixtures.bytes("workday-termination.json")), 200,
                    WORKDAY_EFFECTS, null),

            accepted("servicenow: replayed (the same signed RITM twice) -> the second 200 ALREADY_RECEIVED, a no-op",
                    t -> t.twice(() -> t.servicenow(SERVICENOW_SECRET, NOW, asSent)), 200, SERVICENOW_EFFECTS,
                    "\"status\":\"ALREADY_RECEIVED\""),
            refused("servicenow: correct HTTP Basic without a signature, unsigned not accepted (the default) -> 401",
                    t -> t.unsigned(t.client, "/integrations/servicenow/requested-items",
                            basic("servicenow", SERVICENOW_PASSWORD), RITM_BODY), "missing-signature"),
            refused("servicenow: correct bearer token without a signature, unsigned not accepted -> 401",
                    t -> t.unsigned(t.client, "/integrations/servicenow/requested-items",
                            "Bearer " + SERVICENOW_TOKEN, RITM_BODY), "missing-signature"),
            accepted("servicenow: correct HTTP Basic, unsigned accepted -> 202",
                    t -> t.unsigned(t.unsignedAccepted, "/integrations/servicenow/requested-items",
                            basic("servicenow", SERVICENOW_PASSWORD), RITM_BODY), 202, SERVICENOW_EFFECTS,
                    "\"status\":\"SUBMITTED\""),
            accepted("servicenow: correct bearer token, unsigned accepted -> 202",
                    t -> t.unsigned(t.unsignedAccepted, "/integrations/servicenow/requested-items",
                            "Bearer " + SERVICENOW_TOKEN, RITM_BODY), 202, SERVICENOW_EFFECTS, null),
            refused("servicenow: forged (wrong password), unsigned accepted -> 401",
                    t -> t.unsigned(t.unsignedAccepted, "/integrations/servicenow/requested-items",
                            basic("servicenow", "sn-password-93ac"), RITM_BODY), "invalid-credentials"),
            refused("servicenow: forged (wrong bearer token), unsigned accepted -> 401",
                    t -> t.unsigned(t.unsignedAccepted, "/integrations/servicenow/requested-items",
                            "Bearer sn-bearer-token-5d2e", RITM_BODY), "invalid-credentials"),
            refused("servicenow: no signature and no Authorization, unsigned accepted -> 401",
                    t -> t.unsigned(t.unsignedAccepted, "/integrations/servicenow/requested-items", null, RITM_BODY),
                    "missing-credentials"),
            refused("servicenow: wrong scheme (Digest), unsigned accepted -> 401",
                    t -> t.unsigned(t.unsignedAccepted, "/integrations/servicenow/requested-items",
                            "Digest username=\"servicenow\"", RITM_BODY), "invalid-credentials"),
            accepted("servicenow: unsigned accepted, a body altered in transit is accepted (HTTP Basic does not sign "
                    + "the body) -> 202", t -> t.unsigned(t.unsignedAccepted,
                    "/integrations/servicenow/requested-items", basic("servicenow", SERVICENOW_PASSWORD),
                    Fixtures.servicenow("ritm-table-api-display-all.json")), 202, SERVICENOW_EFFECTS, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyWebhookAcceptsOnlyAGenuineFreshFirstDelivery(Row row) {
        WebTestClient.ResponseSpec response = row.send().apply(this);

        response.expectStatus().isEqualTo(row.status());
        if (row.slug() != null) {
            response.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        EntityExchangeResult<byte[]> result = response.expectBody().returnResult();
        String answer = new String(result.getResponseBodyContent() == null ? new byte[0]
                : result.getResponseBodyContent(), StandardCharsets.UTF_8);
        if (row.slug() != null) {
            assertThat(answer).contains("\"type\":\"urn:accessledger:problem:" + row.slug() + "\"")
                    .contains("\"status\":" + row.status());
        }
        if (row.answer() != null) {
            assertThat(answer).contains(row.answer());
        }
        assertThat(effects()).as("effects after: %s", row.name()).hasSize(row.effects());
        List<String> logged = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        if (row.slug() != null) {
            assertThat(logged).as("the refusal is logged").anyMatch(line -> line.contains("refused"));
        }
        for (String secret : SECRETS) {
            assertThat(answer).doesNotContain(secret);
            assertThat(logged).noneMatch(line -> line.contains(secret));
        }
    }

    /**
     * What the deliveries changed: worker events recorded, deliveries claimed, BambooHR fetches queued, Workday
     * effective-dated entries, commands sent and RITMs linked.
     */
    private List<String> effects() {
        List<String> effects = new ArrayList<>();
        recorded.forEach(event -> effects.add("recorded " + event.employeeId()));
        deliveries.claimed.forEach(claim -> effects.add("claimed " + claim));
        fetchQueue.rows.values().forEach(row -> effects.add("fetch queued " + row.employeeId));
        pending.entries.keySet().forEach(ref -> effects.add("effective-dated " + ref));
        mockingDetails(commands).getInvocations().forEach(call -> effects.add("command " + call));
        ritms.links.keySet().forEach(sysId -> effects.add("linked " + sysId));
        return effects;
    }

    private WebTestClient.ResponseSpec twice(Supplier<WebTestClient.ResponseSpec> send) {
        return then(send.get(), send);
    }

    /** Sends a first delivery, which must be accepted, then the second, whose answer the row checks. */
    private WebTestClient.ResponseSpec then(WebTestClient.ResponseSpec first,
            Supplier<WebTestClient.ResponseSpec> second) {
        first.expectStatus().is2xxSuccessful();
        return second.get();
    }

    private WebTestClient.ResponseSpec bamboo(String key, Instant at, UnaryOperator<Delivery> tamper) {
        return bamboo(key, epoch(at), tamper);
    }

    private WebTestClient.ResponseSpec bamboo(String key, String timestamp, UnaryOperator<Delivery> tamper) {
        return bodySigned(client, "/webhooks/bamboohr", BAMBOO_BODY, "X-BambooHR-Signature", "X-BambooHR-Timestamp",
                key, timestamp, tamper);
    }

    private WebTestClient.ResponseSpec workday(String secret, Instant at, UnaryOperator<Delivery> tamper) {
        return workday(client, secret, at, tamper);
    }

    private WebTestClient.ResponseSpec workday(WebTestClient to, String secret, Instant at,
            UnaryOperator<Delivery> tamper) {
        return bodySigned(to, "/webhooks/workday", WORKDAY_BODY, SIGNATURE, TIMESTAMP, secret, epoch(at), tamper);
    }

    private WebTestClient.ResponseSpec servicenow(String secret, Instant at, UnaryOperator<Delivery> tamper) {
        return bodySigned(client, "/integrations/servicenow/requested-items", RITM_BODY, SIGNATURE, TIMESTAMP, secret,
                epoch(at), tamper);
    }

    /** A delivery signed as BambooHR signs (and Workday and ServiceNow are asked to): hex HMAC over body + timestamp. */
    private WebTestClient.ResponseSpec bodySigned(WebTestClient to, String path, byte[] body, String signatureHeader,
            String timestampHeader, String key, String timestamp, UnaryOperator<Delivery> tamper) {
        String signature = HexFormat.of().formatHex(Hmac.sha256(key.getBytes(StandardCharsets.UTF_8), body,
                timestamp.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(signatureHeader, signature);
        headers.put(timestampHeader, timestamp);
        return post(to, path, tamper.apply(new Delivery(body, headers)));
    }

    private WebTestClient.ResponseSpec hris(String id, byte[] key, Instant at, UnaryOperator<Delivery> tamper) {
        String timestamp = epoch(at);
        String signature = "v1," + Base64.getEncoder().encodeToString(Hmac.sha256(key,
                (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), HRIS_BODY));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", timestamp);
        headers.put("webhook-signature", signature);
        return post(client, "/webhooks/hris", tamper.apply(new Delivery(HRIS_BODY, headers)));
    }

    /** A delivery without a signature, with this {@code Authorization} (or none). */
    private WebTestClient.ResponseSpec unsigned(WebTestClient to, String path, String authorization, byte[] body) {
        return post(to, path, authorized(authorization, body));
    }

    private static Delivery authorized(String authorization, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return new Delivery(body, headers);
    }

    private WebTestClient.ResponseSpec post(WebTestClient to, String path, Delivery delivery) {
        return to.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .headers(h -> delivery.headers().forEach(h::set)).bodyValue(delivery.body()).exchange();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String epoch(Instant at) {
        return Long.toString(at.getEpochSecond());
    }
}
