package io.accessledger.request.hris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.request.RequestServiceApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole request-service (real KRaft broker, real PostgreSQL) receiving BambooHR's signed event-based webhooks and
 * fetching the named employee from a local server answering like BambooHR's API (throttled and unavailable first):
 * the created employee is published as {@code EmployeeHired}, the {@code updated} that follows a create changes
 * nothing, a later update that moves them is an {@code EmployeeTransferred}; a replayed delivery fetches nothing.
 */
class BambooHrFetchServiceTest {
    private static final String PRIVATE_KEY = "dev-bamboohr-key";
    private static final String API_KEY = "service-test-api-key";
    private static final EventCodec CODEC = new EventCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KraftBroker broker;
    private static BambooHrApiFake bamboo;
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() {
        broker = KraftBroker.onFreePorts().start();
        bamboo = new BambooHrApiFake(API_KEY);
        service = RequestServiceApplication.application().run(
                "--spring.profiles.active=local",
                "--server.port=0",
                "--spring.datasource.url=" + LocalPostgres.freshDatabaseUrl("bamboohr_fetch"),
                "--spring.datasource.username=postgres",
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.kafka.admin.operation-timeout=5s",
                "--accessledger.spine.retry-backoff=200ms",
                "--accessledger.hris.bamboohr.api.base-url=" + bamboo.baseUrl(),
                "--accessledger.hris.bamboohr.api.company-domain=" + BambooHrApiFake.DOMAIN,
                "--accessledger.hris.bamboohr.api.api-key=" + API_KEY,
                "--accessledger.hris.bamboohr.api.initial-backoff=100ms",
                "--accessledger.hris.bamboohr.api.max-backoff=1s",
                "--accessledger.hris.bamboohr.api.fetch-interval=200ms",
                "--accessledger.hris.bamboohr.api.fetch-initial-delay=0s",
                "--logging.level.org.apache.kafka=ERROR",
                "--logging.level.org.axonframework=WARN");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        bamboo.close();
        broker.close();
    }

    @Test
    void aCreatedEmployeeIsFetchedAndPublishedOnceAndALaterMoveIsATransfer() throws Exception {
        Map<String, String> ada = new HashMap<>(Map.of("firstName", "Ada", "lastName", "Lovelace", "workEmail",
                "ada@example.com", "department", "Engineering", "jobTitle", "Software Engineer", "supervisorEId",
                "E1031", "status", "Active", "employmentHistoryStatus", "Full-Time", "hireDate", "2026-11-23",
                "terminationDate", "0000-00-00"));
        bamboo.employees.put("70001", ada);
        bamboo.script.add(new BambooHrApiFake.Scripted(429, "1"));
        bamboo.script.add(new BambooHrApiFake.Scripted(503, null));
        Instant now = Instant.now();

        byte[] created = event("employee.created", "70001", "[]");
        assertThat(deliver(created, now).statusCode()).isEqualTo(202);
        assertThat(deliver(event("employee.updated", "70001", "[\"firstName\"]"), now.plusSeconds(1)).statusCode())
                .isEqualTo(202);
        assertThat(deliver(created, now).statusCode()).as("the same delivery again").isEqualTo(401);

        List<IdentityEvent> published = await().atMost(Duration.ofSeconds(60))
                .until(() -> identityEvents("70001"), events -> !events.isEmpty());
        assertThat(published.get(0)).isInstanceOfSatisfying(EmployeeHired.class, hired -> {
            assertThat(hired.profile().name()).isEqualTo("Ada Lovelace");
            assertThat(hired.profile().email()).isEqualTo("ada@example.com");
            assertThat(hired.profile().managerId().value()).isEqualTo("E1031");
            assertThat(hired.effectiveOn()).isEqualTo(LocalDate.parse("2026-11-23"));
            assertThat(hired.source()).isEqualTo("bamboohr");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> fetchStates().equals(List.of("FETCHED", "FETCHED")));
        assertThat(bamboo.requests).hasSize(4);
        assertThat(identityEvents("70001")).hasSize(1);

        ada.put("department", "Finance");
        ada.put("jobTitle", "Controller");
        assertThat(deliver(event("employee.updated", "70001", "[\"department\",\"jobTitle\"]"), now.plusSeconds(2))
                .statusCode()).isEqualTo(202);

        List<IdentityEvent> after = await().atMost(Duration.ofSeconds(60))
                .until(() -> identityEvents("70001"), events -> events.size() == 2);
        assertThat(after.get(1)).isInstanceOfSatisfying(EmployeeTransferred.class, moved -> {
            assertThat(moved.profile().department()).isEqualTo("Finance");
            assertThat(moved.previousDepartment()).isEqualTo("Engineering");
        });
        MeterRegistry meters = service.getBean(MeterRegistry.class);
        assertThat(meters.counter(BambooHrFetches.METRIC, "outcome", "fetched").count()).isEqualTo(3);
        assertThat(meters.counter(BambooHrFetches.METRIC, "outcome", "retried").count()).isEqualTo(2);
    }

    private static byte[] event(String type, String employeeId, String changedFields) {
        return ("{\"type\":\"" + type + "\",\"timestamp\":\"2026-11-24T03:42:00+0000\",\"data\":{\"companyId\":\"1\","
                + "\"employeeId\":\"" + employeeId + "\",\"changedFields\":" + changedFields + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> deliver(byte[] body, Instant at) throws Exception {
        String timestamp = Long.toString(at.getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PRIVATE_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(body);
        String signature = HexFormat.of().formatHex(mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + service.getEnvironment().getProperty("local.server.port") + "/webhooks/bamboohr"))
                .header("Content-Type", "application/json")
                .header("X-BambooHR-Signature", signature)
                .header("X-BambooHR-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fetchStates() {
        return service.getBean(JdbcTemplate.class).queryForList(
                "select state from hris_bamboohr_fetch order by received_at, delivery_id", String.class);
    }

    /** The identity events with this key on request-service's identity topic, as committed so far. */
    private static List<IdentityEvent> identityEvents(String key) {
        List<IdentityEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.IDENTITY.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    DomainEvent event = CODEC.decode(new String(record.headers().lastHeader("ce_type").value(),
                            StandardCharsets.UTF_8), record.value());
                    if (event instanceof IdentityEvent identity && key.equals(record.key())) {
                        found.add(identity);
                    }
                }
            }
        }
        return found;
    }
}
