package io.accessledger.request.hris.bamboohr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.spine.testing.RunningService;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole request-service (real KRaft broker, real PostgreSQL) receiving BambooHR's signed event-based webhooks and
 * fetching the named employee from a local server answering like BambooHR's API (throttled and unavailable first):
 * the created employee is published as {@code EmployeeHired}, the {@code updated} that follows a create changes
 * nothing, a later update that moves them is an {@code EmployeeTransferred}; a replayed delivery fetches nothing.
 */
class BambooHrFetchServiceTest {
    private static final String PRIVATE_KEY = "dev-bamboohr-key";
    private static final String API_KEY = "service-test-api-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BambooHrApiFake bamboo;
    private static RunningService service;

    @BeforeAll
    static void start() {
        bamboo = new BambooHrApiFake(API_KEY);
        service = RunningService.start(RequestServiceApplication.application(), "bamboohr_fetch",
                "--accessledger.hris.bamboohr.api.base-url=" + bamboo.baseUrl(),
                "--accessledger.hris.bamboohr.api.company-domain=" + BambooHrApiFake.DOMAIN,
                "--accessledger.hris.bamboohr.api.api-key=" + API_KEY,
                "--accessledger.hris.bamboohr.api.initial-backoff=100ms",
                "--accessledger.hris.bamboohr.api.max-backoff=1s",
                "--accessledger.hris.bamboohr.api.fetch-interval=200ms",
                "--accessledger.hris.bamboohr.api.fetch-initial-delay=0s");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        bamboo.close();
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
                .until(() -> service.published(Topic.IDENTITY, "70001", IdentityEvent.class),
                        events -> !events.isEmpty());
        assertThat(published.get(0)).isInstanceOfSatisfying(EmployeeHired.class, hired -> {
            assertThat(hired.profile().name()).isEqualTo("Ada Lovelace");
            assertThat(hired.profile().email()).isEqualTo("ada@example.com");
            assertThat(hired.profile().managerId().value()).isEqualTo("E1031");
            assertThat(hired.effectiveOn()).isEqualTo(LocalDate.parse("2026-11-23"));
            assertThat(hired.source()).isEqualTo("bamboohr");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> fetchStates().equals(List.of("FETCHED", "FETCHED")));
        assertThat(bamboo.requests).hasSize(4);
        assertThat(service.published(Topic.IDENTITY, "70001", IdentityEvent.class)).hasSize(1);

        ada.put("department", "Finance");
        ada.put("jobTitle", "Controller");
        assertThat(deliver(event("employee.updated", "70001", "[\"department\",\"jobTitle\"]"), now.plusSeconds(2))
                .statusCode()).isEqualTo(202);

        List<IdentityEvent> after = await().atMost(Duration.ofSeconds(60))
                .until(() -> service.published(Topic.IDENTITY, "70001", IdentityEvent.class),
                        events -> events.size() == 2);
        assertThat(after.get(1)).isInstanceOfSatisfying(EmployeeTransferred.class, moved -> {
            assertThat(moved.profile().department()).isEqualTo("Finance");
            assertThat(moved.previousDepartment()).isEqualTo("Engineering");
        });
        MeterRegistry meters = service.bean(MeterRegistry.class);
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
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/webhooks/bamboohr"))
                .header("Content-Type", "application/json")
                .header("X-BambooHR-Signature", signature)
                .header("X-BambooHR-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fetchStates() {
        return service.jdbc().queryForList(
                "select state from hris_bamboohr_fetch order by received_at, delivery_id", String.class);
    }
}
