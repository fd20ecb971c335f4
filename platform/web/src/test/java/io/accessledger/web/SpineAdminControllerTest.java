package io.accessledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.spine.it.SpineTestApp;
import io.accessledger.spine.testing.RunningService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
