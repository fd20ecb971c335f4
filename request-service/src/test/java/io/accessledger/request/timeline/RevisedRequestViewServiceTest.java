package io.accessledger.request.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request view after a revision (returned, then revised to another level, justification and duration): the
 * request reads as revised, its in-flight entitlement is the revised one (the door refuses a second request for it,
 * not one for the level it no longer asks for), and a later revision that names no level keeps the revised one.
 * Before, the view kept the first submission for all three.
 */
class RevisedRequestViewServiceTest {
    private static final EmployeeId REQUESTER = EmployeeId.of("E4601");
    private static final Instant AT = Instant.parse("2026-12-07T09:00:00Z");
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(RequestServiceApplication.application(), "revised_request_view");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aRevisedRequestReadsAndIsInFlightAsRevised() {
        RequestId request = RequestId.of("R-revised-" + UUID.randomUUID());
        service.publish(new RequestSubmitted(newId(), request, null, REQUESTER, REQUESTER, "netsuite", "view",
                "Month-end close", Duration.ofDays(90), null, RequestSource.PORTAL, false, List.of(), AT),
                "request-service");
        RequestRevised revision = new RequestRevised(newId(), request, REQUESTER,
                "Posting the month-end journals, for one week only", "edit", Duration.ofDays(7), AT.plusSeconds(60));
        service.publish(revision, "request-service");

        RequestView view = service.bean(RequestView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> view.find(request.value())
                .map(r -> r.timeline().size() == 2).orElse(false));
        RequestView.Request shown = view.find(request.value()).orElseThrow();
        assertThat(shown.accessLevel()).isEqualTo("edit");
        assertThat(shown.justification()).isEqualTo("Posting the month-end journals, for one week only");
        assertThat(shown.accessDuration()).isEqualTo("P7D");
        assertThat(view.inFlight(REQUESTER, Entitlement.parse("netsuite:edit"))).contains(request.value());
        assertThat(view.inFlight(REQUESTER, Entitlement.parse("netsuite:view"))).isEmpty();
        assertThat(view.entitlementRequestedBy(request.value(), REQUESTER))
                .contains(Entitlement.parse("netsuite:edit"));
    }

    private static EventId newId() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
