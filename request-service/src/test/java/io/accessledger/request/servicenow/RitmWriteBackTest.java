package io.accessledger.request.servicenow;

import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.WriteBackOutcome;
import io.accessledger.events.request.ServiceNowItemUpdated;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** Each outcome of the write-back of one cause is recorded once, with an id derived from the cause. */
class RitmWriteBackTest {
    private static final Instant AT = Instant.parse("2026-11-24T04:30:00Z");
    private static final EventId CAUSE = EventId.of("ev-denied");
    private static final String ID = RitmWriteBack.idFor(CAUSE);
    private final AggregateTestFixture<RitmWriteBack> fixture = new AggregateTestFixture<>(RitmWriteBack.class);

    private static RitmWriteBack.RecordWriteBack command(WriteBackOutcome outcome, int attempts, String answer) {
        return new RitmWriteBack.RecordWriteBack(ID, RequestId.of("R-1"), "sys-1", "RITM0010023", "4",
                "AccessLedger: denied (request R-1)", outcome, attempts, answer, CAUSE, AT);
    }

    private static ServiceNowItemUpdated event(WriteBackOutcome outcome, int attempts, String answer) {
        return new ServiceNowItemUpdated(EventId.of(Ids.nameBased(ID + ":" + outcome.name())), RequestId.of("R-1"),
                "sys-1", "RITM0010023", "4", "AccessLedger: denied (request R-1)", outcome, attempts, answer, CAUSE,
                AT);
    }

    @Test
    void aDeliveryIsRecordedWithAnIdDerivedFromTheCause() {
        fixture.givenNoPriorActivity()
                .when(command(WriteBackOutcome.DELIVERED, 1, null))
                .expectEvents(event(WriteBackOutcome.DELIVERED, 1, null))
                .expectResultMessagePayload(true);
    }

    @Test
    void aFailureCarriesTheTargetsAnswer() {
        fixture.givenNoPriorActivity()
                .when(command(WriteBackOutcome.FAILED, 4, "HTTP 503: unavailable"))
                .expectEvents(event(WriteBackOutcome.FAILED, 4, "HTTP 503: unavailable"));
    }

    @Test
    void aRedeliveredCauseRecordsNothingOnceDelivered() {
        fixture.given(event(WriteBackOutcome.DELIVERED, 1, null))
                .when(command(WriteBackOutcome.DELIVERED, 1, null))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aRepeatedFailureRecordsNothingButADeliveryAfterItIs() {
        fixture.given(event(WriteBackOutcome.FAILED, 4, "HTTP 503: unavailable"))
                .when(command(WriteBackOutcome.FAILED, 4, "HTTP 503: unavailable"))
                .expectNoEvents();
        fixture.given(event(WriteBackOutcome.FAILED, 4, "HTTP 503: unavailable"))
                .when(command(WriteBackOutcome.DELIVERED, 1, "ignored on delivery"))
                .expectEvents(event(WriteBackOutcome.DELIVERED, 1, null));
    }
}
