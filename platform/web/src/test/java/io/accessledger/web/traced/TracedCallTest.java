package io.accessledger.web.traced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.it.SpineTestApp;
import io.accessledger.spine.it.TopicRecords;
import io.accessledger.web.Blocking;
import io.accessledger.web.DevTokens;
import io.accessledger.web.RequestIds;
import io.accessledger.spine.testing.RunningService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * With tracing on, an HTTP call that carries a {@code traceparent} continues that trace: the command it sends carries
 * it, so the first event has the same trace id; the call's {@code X-Request-Id} is echoed, and the call's log lines,
 * as JSON, carry it and the trace id.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracedCallTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningService service;

    /** The spine's test service with one HTTP door that submits a request. */
    @SpringBootApplication
    @Import(SpineTestApp.class)
    static class TracedApp {
        @RestController
        static class SubmitDoor {
            private static final Logger log = LoggerFactory.getLogger(SubmitDoor.class);
            private final CommandGateway commands;

            SubmitDoor(CommandGateway commands) {
                this.commands = commands;
            }

            @PostMapping("/api/v1/test-requests/{id}")
            Mono<String> submit(@PathVariable String id) {
                return Blocking.call(() -> {
                    log.info("submitting {}", id);
                    commands.sendAndWait(new SpineTestApp.Submit(RequestId.of(id),
                            EventId.of(UUID.randomUUID().toString()), 1, Instant.parse("2026-11-02T09:00:00Z")));
                    return id;
                });
            }
        }
    }

    @BeforeAll
    static void start() {
        service = RunningService.start(new SpringApplicationBuilder(TracedApp.class), "traced_call",
                "--spring.application.name=request-service", "--axon.axonserver.enabled=false",
                "--management.tracing.export.enabled=true", "--management.tracing.sampling.probability=1.0",
                "--spring.reactor.context-propagation=auto", "--logging.structured.format.console=ecs");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aCallWithATraceparentGivesTheFirstEventItsTraceIdAndItsLogLinesTheRequestAndTraceIds(
            CapturedOutput output) throws Exception {
        String traceId = hex(16);
        String request = "R-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/api/v1/test-requests/" + request))
                .header("Authorization", "Bearer " + DevTokens.mint("E1040", "IAM"))
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .header(RequestIds.HEADER, "call-" + request)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue(RequestIds.HEADER)).hasValue("call-" + request);
        List<ConsumerRecord<String, byte[]>> events = await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicRecords.withKey(service.bootstrapServers(), Topic.REQUEST.topicName(), request), records -> !records.isEmpty());
        assertThat(TopicRecords.header(events.get(0), Causation.TRACEPARENT)).startsWith("00-" + traceId + "-");
        String line = output.getOut().lines().filter(l -> l.contains("submitting " + request)).findFirst()
                .orElseThrow();
        assertThat(line).startsWith("{").contains("\"httpRequestId\":\"call-" + request + "\"")
                .contains("\"traceId\":\"" + traceId + "\"");
    }

    @Test
    void aCallWithoutAUsableRequestIdGetsANewOne() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/admin/parked")).header(RequestIds.HEADER, "not {an} id").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue(RequestIds.HEADER)).hasValueSatisfying(id ->
                assertThat(id).matches("[0-9a-f-]{36}"));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
