package io.accessledger.request.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Stage;
import io.accessledger.events.model.WriteBackOutcome;
import io.accessledger.events.request.ServiceNowItemUpdated;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.spine.testing.RunningService;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write-back in the whole request-service (real KRaft broker, real PostgreSQL, a local ServiceNow): a decision
 * about a RITM's request is PATCHed back and published as {@code ServiceNowItemUpdated} on the request topic; a
 * write-back that fails is published as FAILED although the consumer's transaction rolls back, and the spine's retry
 * that delivers it is published once as DELIVERED.
 */
class ServiceNowWriteBackServiceTest {
    private static RecordingServer serviceNow;
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        serviceNow = new RecordingServer();
        service = RunningService.start(RequestServiceApplication.application(), "servicenow_writeback",
                "--accessledger.servicenow.instance-url=" + serviceNow.url(),
                "--accessledger.servicenow.username=accessledger-integration",
                "--accessledger.servicenow.password=integration-password",
                "--accessledger.servicenow.max-attempts=2",
                "--accessledger.servicenow.initial-backoff=10ms",
                "--accessledger.servicenow.max-backoff=50ms");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        serviceNow.close();
    }

    @Test
    void aFailedWriteBackIsPublishedAsFailedAndTheRetryThatDeliversItOnceAsDelivered() {
        RequestId request = RequestId.of("R-" + UUID.randomUUID());
        String sysId = UUID.randomUUID().toString().replace("-", "");
        service.jdbc().update(
                "insert into servicenow_ritm (sys_id, number, request_id, received_at) values (?, ?, ?, ?)",
                sysId, "RITM0010077", request.value(), Timestamp.from(Instant.now()));
        serviceNow.answer(503).answer(503);
        AccessDenied denied = new AccessDenied(EventId.of(UUID.randomUUID().toString()), request, Stage.MANAGER,
                EmployeeId.of("E1031"), "Not needed for the role", Instant.now());

        service.publish(denied, "approval-service");

        List<ServiceNowItemUpdated> published = await().atMost(Duration.ofSeconds(60))
                .until(() -> service.published(Topic.REQUEST, request.value(), ServiceNowItemUpdated.class),
                        events -> events.size() >= 2);
        assertThat(published).extracting(ServiceNowItemUpdated::outcome)
                .containsExactly(WriteBackOutcome.FAILED, WriteBackOutcome.DELIVERED);
        assertThat(published.get(0)).satisfies(failed -> {
            assertThat(failed.attempts()).isEqualTo(2);
            assertThat(failed.targetAnswer()).contains("HTTP 503");
            assertThat(failed.sysId()).isEqualTo(sysId);
            assertThat(failed.ritmNumber()).isEqualTo("RITM0010077");
            assertThat(failed.state()).isEqualTo("4");
            assertThat(failed.causeEventId()).isEqualTo(denied.eventId());
        });
        assertThat(published.get(1).workNote())
                .isEqualTo("AccessLedger: denied by E1031 — Not needed for the role (request " + request + ")");
        assertThat(serviceNow.received).filteredOn(r -> r.path().endsWith(sysId)).hasSize(3);

        service.publish(denied, "approval-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> service.jdbc().queryForObject(
                "select count(*) from request_timeline where request_id = ? and type = 'ServiceNowItemUpdated'",
                Integer.class, request.value()) == 2);
        assertThat(service.published(Topic.REQUEST, request.value(), ServiceNowItemUpdated.class)).hasSize(2);
    }
}
