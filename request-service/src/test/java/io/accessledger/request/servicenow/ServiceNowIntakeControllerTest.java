package io.accessledger.request.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.DeliveryAuth;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.request.intake.AccessRequest;
import io.accessledger.web.ProblemHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

/** The endpoint over HTTP (WebFlux without a Spring context), with a fake door and a local ServiceNow. */
class ServiceNowIntakeControllerTest {
    private static final Instant NOW = Instant.parse("2026-11-24T04:00:00Z");

    private final FakeRitmDoor door = new FakeRitmDoor(NOW);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final InMemoryServiceNowStore store = new InMemoryServiceNowStore();
    private final RecordingServer serviceNow;
    private final WebTestClient client;

    ServiceNowIntakeControllerTest() throws Exception {
        serviceNow = new RecordingServer();
        ServiceNowClient writeBack = new ServiceNowClient(serviceNow.url(), "al", "pw", 2, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(5));
        client = WebTestClient.bindToController(new ServiceNowIntakeController(
                        DeliveryAuth.signedOrUnsigned(BodySignature.accessLedger("sn-signing-secret",
                                Duration.ofMinutes(5)), new ServiceNowInboundAuth("snow", "s3cret", "token-1")::verify),
                        door, commands, store,
                        rollingBack(), writeBack, Clock.fixed(NOW, ZoneOffset.UTC)))
                .controllerAdvice(new ProblemHandler()).build();
    }

    /** Like the database transaction: links made by a delivery that throws are rolled back. */
    private TransactionOperations rollingBack() {
        return new TransactionOperations() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                Map<String, String> before = new LinkedHashMap<>(store.links);
                try {
                    return action.doInTransaction(new SimpleTransactionStatus());
                } catch (RuntimeException e) {
                    store.links.clear();
                    store.links.putAll(before);
                    throw e;
                }
            }
        };
    }

    @AfterEach
    void stop() {
        serviceNow.close();
    }

    private WebTestClient.ResponseSpec deliver(String fixture, String authorization) {
        WebTestClient.RequestBodySpec spec = client.post().uri("/integrations/servicenow/requested-items")
                .contentType(MediaType.APPLICATION_JSON);
        if (authorization != null) {
            spec = spec.header("Authorization", authorization);
        }
        return spec.bodyValue(RitmTest.fixture(fixture)).exchange();
    }

    private AccessRequest.SubmitAccessRequest submitted() {
        ArgumentCaptor<AccessRequest.SubmitAccessRequest> sent =
                ArgumentCaptor.forClass(AccessRequest.SubmitAccessRequest.class);
        verify(commands).sendAndWait(sent.capture());
        return sent.getValue();
    }

    @Test
    void aRitmBecomesARequestFromServiceNowKeyedByItsSysId() {
        deliver("ritm-outbound-rest.json", ServiceNowInboundAuthTest.basic("snow", "s3cret"))
                .expectStatus().isAccepted().expectBody()
                .jsonPath("$.status").isEqualTo("SUBMITTED")
                .jsonPath("$.number").isEqualTo("RITM0010023");

        AccessRequest.SubmitAccessRequest command = submitted();
        assertThat(command.beneficiaryId()).isEqualTo(EmployeeId.of("E1030"));
        assertThat(command.requesterId()).as("the opener is the beneficiary's manager").isEqualTo(FakeRitmDoor.MANAGER);
        assertThat(command.resourceId()).isEqualTo("finance-dwh");
        assertThat(command.accessLevel()).isEqualTo("read");
        assertThat(command.accessDuration()).isEqualTo(Duration.ofDays(90));
        assertThat(command.ticketRef()).isEqualTo("RITM0010023");
        assertThat(command.source()).isEqualTo(RequestSource.SERVICENOW);
        assertThat(store.links).containsEntry("aeed229047801200e0ef563dbb9a71c2", command.requestId().value());
        assertThat(serviceNow.received).isEmpty();
    }

    @Test
    void aRepeatDeliveryAnswersTheSameRequestAndSubmitsNothing() {
        String first = new String(deliver("ritm-outbound-rest.json", "Bearer token-1").expectStatus().isAccepted()
                .expectBody().returnResult().getResponseBody());
        String requestId = store.links.get("aeed229047801200e0ef563dbb9a71c2");

        deliver("ritm-outbound-rest.json", "Bearer token-1").expectStatus().isOk().expectBody()
                .jsonPath("$.requestId").isEqualTo(requestId)
                .jsonPath("$.status").isEqualTo("ALREADY_RECEIVED");

        assertThat(first).contains(requestId);
        verify(commands, times(1)).sendAndWait(any());
    }

    @Test
    void anOpenerWhoIsNeitherTheBeneficiaryNorTheirManagerMakesItASelfRequest() {
        deliver("ritm-table-api-display-all.json", "Bearer token-1").expectStatus().isAccepted();

        AccessRequest.SubmitAccessRequest command = submitted();
        assertThat(command.beneficiaryId()).isEqualTo(EmployeeId.of("E1032"));
        assertThat(command.requesterId()).isEqualTo(EmployeeId.of("E1032"));
        assertThat(command.accessDuration()).isNull();
    }

    @Test
    void aRefusalAtTheDoorIsA422AndIsWrittenBackClosedIncomplete() {
        deliver("ritm-placeholder-justification.json", "Bearer token-1")
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:accessledger:problem:justificationPlaceholder");

        verify(commands, never()).sendAndWait(any());
        assertThat(store.links).isEmpty();
        assertThat(serviceNow.received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.path()).isEqualTo("/api/now/table/sc_req_item/c3e5a7f0db3a4410bd7e5e3c8a961901");
            assertThat(r.body()).contains("\"state\":\"4\"").contains("AccessLedger: request refused")
                    .contains("placeholder");
        });
        assertThat(store.writeBacks).singleElement().satisfies(w -> {
            assertThat(w.status()).isEqualTo("DELIVERED");
            assertThat(w.state()).isEqualTo("4");
        });
    }

    @Test
    void aRedeliveredRitmARefusalClosedIsAnswered409AndNeitherSubmittedNorWrittenBackAgain() {
        deliver("ritm-placeholder-justification.json", "Bearer token-1").expectStatus().isEqualTo(422);
        door.refuseNothing();

        deliver("ritm-placeholder-justification.json", "Bearer token-1")
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:accessledger:problem:ritm-closed");

        verify(commands, never()).sendAndWait(any());
        assertThat(store.links).isEmpty();
        assertThat(serviceNow.received).as("one work note on the RITM, not one per delivery").hasSize(1);
    }

    @Test
    void aRefusalWhoseWriteBackFailedIsWrittenBackByTheRedelivery() {
        serviceNow.answer(503).answer(503);
        deliver("ritm-placeholder-justification.json", "Bearer token-1").expectStatus().isEqualTo(422);
        assertThat(store.writeBacks).singleElement().satisfies(w -> assertThat(w.status()).isEqualTo("FAILED"));

        deliver("ritm-placeholder-justification.json", "Bearer token-1").expectStatus().isEqualTo(422);

        assertThat(serviceNow.received).hasSize(3);
        assertThat(store.writeBacks).extracting(ServiceNowStore.WriteBack::status).containsExactly("FAILED",
                "DELIVERED");
        assertThat(store.writeBacks).extracting(ServiceNowStore.WriteBack::eventId).as("one refusal, one row's key")
                .containsOnly("refused:c3e5a7f0db3a4410bd7e5e3c8a961901");
        assertThat(store.closed("c3e5a7f0db3a4410bd7e5e3c8a961901")).isTrue();
    }

    @Test
    void anUnknownRequestedForIsRefusedAndWrittenBack() {
        client.post().uri("/integrations/servicenow/requested-items").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer token-1")
                .bodyValue("{\"sys_id\":\"s1\",\"number\":\"RITM9\",\"requested_for\":\"E9999\","
                        + "\"variables\":{\"resource_id\":\"crm\",\"access_level\":\"read\"}}")
                .exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.type").isEqualTo("urn:accessledger:problem:unknown-person");

        assertThat(door.checked).isEmpty();
        assertThat(serviceNow.received).singleElement()
                .satisfies(r -> assertThat(r.body()).contains("\"state\":\"4\""));
    }

    @Test
    void wrongOrMissingCredentialsAre401AndHaveNoEffect() {
        deliver("ritm-outbound-rest.json", ServiceNowInboundAuthTest.basic("snow", "nope"))
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        deliver("ritm-outbound-rest.json", "Bearer token-2").expectStatus().isUnauthorized();
        deliver("ritm-outbound-rest.json", null).expectStatus().isUnauthorized();

        verify(commands, never()).sendAndWait(any());
        assertThat(store.links).isEmpty();
        assertThat(serviceNow.received).isEmpty();
    }
}
