package io.accessledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.spine.inbound.InboundRecord;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.accessledger.spine.it.SpineTestApp;
import io.accessledger.spine.testing.RunningService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The operator's door to a service's inbound side: ADMIN only, problems for mistakes, a report for a re-drive. */
class SpineAdminControllerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(new SpringApplicationBuilder(SpineTestApp.class), "spine_admin",
                "--spring.application.name=request-service", "--axon.axonserver.enabled=false",
                "--spine-test.read-model=true");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyAnAdministratorSeesParkedRecordsOrReDrivesDeadLetters() throws Exception {
        HttpResponse<String> iam = call("POST", "/api/v1/admin/dead-letters/accessledger.request.events.v1/redrive",
                DevTokens.mint("E1040", "IAM"));
        HttpResponse<String> anonymous = call("GET", "/api/v1/admin/parked", null);

        assertThat(iam.statusCode()).isEqualTo(403);
        assertThat(iam.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aReDriveOfATopicAnswersWithWhatItDidAndAnUnknownTopicOrConsumerIsNotFound() throws Exception {
        String admin = DevTokens.mint("E1041", "ADMIN");

        HttpResponse<String> redrive = call("POST",
                "/api/v1/admin/dead-letters/accessledger.request.events.v1-dlt/redrive?consumer=effects", admin);
        HttpResponse<String> unknownTopic = call("POST", "/api/v1/admin/dead-letters/orders/redrive", admin);
        HttpResponse<String> unknownConsumer = call("POST",
                "/api/v1/admin/dead-letters/accessledger.request.events.v1/redrive?consumer=nobody", admin);
        HttpResponse<String> parked = call("GET", "/api/v1/admin/parked", admin);

        assertThat(redrive.statusCode()).as(redrive.body()).isEqualTo(200);
        assertThat(redrive.body()).contains("\"topic\":\"accessledger.request.events.v1\"").contains("\"read\":0");
        assertThat(unknownTopic.statusCode()).isEqualTo(404);
        assertThat(unknownConsumer.statusCode()).isEqualTo(404);
        assertThat(parked.statusCode()).isEqualTo(200);
        assertThat(parked.body()).isEqualTo("[]");
    }

    @Test
    void theParkedListingShowsEachRecordsWakeUpStateDueByTheRuleTheWakeUpPassUses() throws Exception {
        ParkedRecordStore store = service.bean(ParkedRecordStore.class);
        // parked in the future, timers a day later: no pass of the running service tries these rows meanwhile
        Instant at = Instant.parse("2999-01-01T00:00:00Z");
        Instant timer = at.plus(Duration.ofDays(1));
        String run = UUID.randomUUID().toString();
        String waitingKey = "R-waiting-" + run;
        store.park("effects", record(waitingKey, 1), "NotYet: its request is not known yet", at, timer);
        store.park("effects", record(waitingKey, 2), "behind a parked record of key " + waitingKey, at, timer);
        store.park("effects", record("R-long-" + run, 3), "NotYet: its request is not known yet", at, timer);
        store.park("effects", record("R-new-" + run, 4), "NotYet: its request is not known yet", at, timer);
        store.park("effects", record("R-failing-" + run, 5), "IllegalStateException: the database is down", at,
                timer);
        List<ParkedRecordStore.Parked> rows = store.of("effects");
        long waiting = rows.get(0).id();
        long waitedLong = rows.get(2).id();
        // woken at 10 s and at 30 s, still not ready: waited 30 s before its last try, so next from 60 s
        store.wokenNotReady(waiting, at.plusSeconds(10));
        store.wokenNotReady(waiting, at.plusSeconds(30));
        // woken once after an hour: the wait is capped at park-backoff-max (5 min)
        store.wokenNotReady(waitedLong, at.plus(Duration.ofHours(1)));
        try {
            HttpResponse<String> parked = call("GET", "/api/v1/admin/parked", DevTokens.mint("E1041", "ADMIN"));

            assertThat(parked.statusCode()).as(parked.body()).isEqualTo(200);
            List<Map<String, Object>> listed = new ObjectMapper().readValue(parked.body(), new TypeReference<>() {
            });
            assertThat(listed).extracting(row -> row.get("offset"), row -> row.get("wokenAt"), row -> row.get("wakes"),
                    row -> row.get("nextWakeAt")).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(OFFSET + 1, "2999-01-01T00:00:30Z", 2,
                                    "2999-01-01T00:01:00Z"),
                            org.assertj.core.groups.Tuple.tuple(OFFSET + 2, null, 0, null),
                            org.assertj.core.groups.Tuple.tuple(OFFSET + 3, "2999-01-01T01:00:00Z", 1,
                                    "2999-01-01T01:05:00Z"),
                            org.assertj.core.groups.Tuple.tuple(OFFSET + 4, null, 0, "2999-01-01T00:00:00Z"),
                            org.assertj.core.groups.Tuple.tuple(OFFSET + 5, null, 0, null));
            assertThat(listed).extracting(row -> row.get("nextAttemptAt")).containsOnly("2999-01-02T00:00:00Z");
            // the wake-up pass passes each head over until the moment the listing shows, and takes it from then on
            for (ParkedRecordStore.Parked row : store.of("effects")) {
                if (row.nextWakeAt() != null) {
                    assertThat(store.waitingHeads(row.nextWakeAt().minusMillis(1), 100))
                            .extracting(ParkedRecordStore.Head::id).doesNotContain(row.id());
                    assertThat(store.waitingHeads(row.nextWakeAt(), 100))
                            .extracting(ParkedRecordStore.Head::id).contains(row.id());
                }
            }
        } finally {
            service.jdbc().update("delete from inbound_parked where consumer = 'effects' and record_key like ?",
                    "%-" + run);
        }
    }

    private static final int OFFSET = 900_000;

    private static InboundRecord record(String key, int n) {
        return new InboundRecord("accessledger.request.events.v1", 0, OFFSET + n, key,
                Map.of("ce_type", "accessledger.request.submitted.v1", "ce_id", "parked-" + n), new byte[0]);
    }

    @Test
    void anAdministratorRebuildsTheReadModelsAndFollowsTheRebuildUntilItIsDoneThenDropsIt() throws Exception {
        String admin = DevTokens.mint("E1041", "ADMIN");

        HttpResponse<String> forbidden = call("POST", "/api/v1/admin/read-models/rebuilds", DevTokens.mint("E1040",
                "IAM"));
        HttpResponse<String> started = call("POST", "/api/v1/admin/read-models/rebuilds", admin);
        String location = started.headers().firstValue("Location").orElseThrow();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !call("GET", location, admin).body().contains("\"state\":\"RUNNING\""));
        HttpResponse<String> done = call("GET", location, admin);
        HttpResponse<String> unknown = call("GET", "/api/v1/admin/read-models/rebuilds/nothing", admin);
        HttpResponse<String> dropped = call("DELETE", location, admin);
        HttpResponse<String> droppedAgain = call("DELETE", location, admin);

        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(location).startsWith("/api/v1/admin/read-models/rebuilds/");
        assertThat(done.body()).contains("\"state\":\"DONE\"").contains("\"readModels\":[\"requests-view\"]")
                .contains("\"table\":\"test_requests\"");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(dropped.statusCode()).isEqualTo(204);
        assertThat(droppedAgain.statusCode()).isEqualTo(404);
    }
}
