package io.accessledger.request.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Stage;
import io.accessledger.events.provisioning.AccessProvisioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

/** The consumer that writes request state changes back to the RITM, against a local ServiceNow. */
class ServiceNowWriteBackTest {
    private static final Instant NOW = Instant.parse("2026-11-24T04:30:00Z");
    private static final RequestId REQUEST = RequestId.of("R-1");
    private static final String SYS_ID = "aeed229047801200e0ef563dbb9a71c2";
    private static final Entitlement ENTITLEMENT = new Entitlement("finance-dwh", "read");

    private final RecordingServer serviceNow;
    private final InMemoryServiceNowStore store = new InMemoryServiceNowStore();
    private final ServiceNowWriteBack writeBack;

    ServiceNowWriteBackTest() throws Exception {
        serviceNow = new RecordingServer();
        writeBack = consumer(serviceNow.url());
        store.link(SYS_ID, "RITM0010023", REQUEST.value(), NOW);
    }

    private ServiceNowWriteBack consumer(String url) {
        return new ServiceNowWriteBack(store, new ServiceNowClient(url, "al", "pw", 2, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(5)), TransactionOperations.withoutTransaction(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        serviceNow.close();
    }

    private static AccessApproved approved(RequestId requestId) {
        return new AccessApproved(EventId.of("ev-approved"), requestId, EmployeeId.of("E1030"), ENTITLEMENT, null,
                null, List.of("E1031"), "v1", null, NOW);
    }

    private static AccessDenied denied() {
        return new AccessDenied(EventId.of("ev-denied"), REQUEST, Stage.MANAGER, EmployeeId.of("E1031"),
                "Not needed for the role", NOW);
    }

    private static AccessProvisioned provisioned() {
        return new AccessProvisioned(EventId.of("ev-provisioned"), GrantId.of("G-1"), REQUEST, EmployeeId.of("E1030"),
                ENTITLEMENT, "warehouse", "jdbc", "ref-1", null, null, NOW, null, null, NOW);
    }

    @Test
    void listensToRequestApprovalAndProvisioning() {
        assertThat(writeBack.topics()).containsExactlyInAnyOrder(Topic.REQUEST, Topic.APPROVAL, Topic.PROVISIONING);
        assertThat(writeBack.name()).isEqualTo("servicenow-writeback");
    }

    @Test
    void anApprovalIsWrittenBackAsWorkInProgressWithAWorkNoteNamingTheApprover() {
        writeBack.handle(approved(REQUEST), null);

        assertThat(serviceNow.received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.path()).isEqualTo("/api/now/table/sc_req_item/" + SYS_ID);
            assertThat(r.body()).isEqualTo("{\"state\":\"2\",\"work_notes\":\"AccessLedger: approved by E1031"
                    + " (request R-1)\"}");
        });
        assertThat(store.writeBacks).singleElement().satisfies(w -> {
            assertThat(w.eventId()).isEqualTo("ev-approved");
            assertThat(w.status()).isEqualTo("DELIVERED");
            assertThat(w.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aDenialClosesTheRitmIncompleteWithTheReason() {
        writeBack.handle(denied(), null);

        assertThat(serviceNow.received.get(0).body()).isEqualTo("{\"state\":\"4\",\"work_notes\":\"AccessLedger:"
                + " denied by E1031 — Not needed for the role (request R-1)\"}");
    }

    @Test
    void provisioningClosesTheRitmCompleteAndLaterNotesDoNotReopenIt() {
        writeBack.handle(provisioned(), null);
        writeBack.handle(approved(REQUEST), null);

        assertThat(serviceNow.received).hasSize(2);
        assertThat(serviceNow.received.get(0).body()).startsWith("{\"state\":\"3\",");
        assertThat(serviceNow.received.get(1).body()).startsWith("{\"work_notes\":");
    }

    @Test
    void requestsThatDidNotComeFromServiceNowAreNotWrittenBack() {
        writeBack.handle(approved(RequestId.of("R-portal")), null);

        assertThat(serviceNow.received).isEmpty();
        assertThat(store.writeBacks).isEmpty();
    }

    @Test
    void withoutAnInstanceUrlNothingIsWrittenBack() {
        consumer("").handle(approved(REQUEST), null);

        assertThat(serviceNow.received).isEmpty();
        assertThat(store.writeBacks).isEmpty();
    }

    @Test
    void aFailedWriteBackIsRecordedAndThrownForTheSpineToRetry() {
        serviceNow.answer(503).answer(503);

        assertThatThrownBy(() -> writeBack.handle(denied(), null))
                .isInstanceOf(ServiceNowClient.WriteBackFailed.class);

        assertThat(serviceNow.received).hasSize(2);
        assertThat(store.writeBacks).singleElement().satisfies(w -> {
            assertThat(w.status()).isEqualTo("FAILED");
            assertThat(w.attempts()).isEqualTo(2);
            assertThat(w.state()).isEqualTo("4");
            assertThat(w.lastError()).contains("HTTP 503");
        });
    }
}
