package io.accessledger.request.intake;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** Requests the system makes and ends on someone's behalf: birthright and mover requests, a leaver's withdrawals. */
class SystemRequestsTest {
    private static final RequestId REQUEST = RequestId.of("R-birthright-1");
    private static final EmployeeId SYSTEM = EmployeeId.of("accessledger-hris");
    private static final EmployeeId JOINER = EmployeeId.of("E2001");
    private static final Instant AT = Instant.parse("2026-03-02T08:00:00Z");
    private static final List<Entitlement> PROFILE = List.of(Entitlement.parse("confluence:read"));

    private final AggregateTestFixture<AccessRequest> fixture = new AggregateTestFixture<>(AccessRequest.class);

    private static AccessRequest.SubmitOnce submitOnce() {
        return new AccessRequest.SubmitOnce(REQUEST, new AccessRequest.SubmitAccessRequest(REQUEST, null, SYSTEM,
                JOINER, "confluence", "read", " Birthright access of the organisation-wide profile ", null, null,
                RequestSource.HRIS_JOINER, false, PROFILE, EventId.of("ev-submitted"), AT));
    }

    private static RequestSubmitted submitted() {
        return new RequestSubmitted(EventId.of("ev-submitted"), REQUEST, null, SYSTEM, JOINER, "confluence", "read",
                "Birthright access of the organisation-wide profile", null, null, RequestSource.HRIS_JOINER, false,
                PROFILE, AT);
    }

    private static AccessRequest.WithdrawForLeaver leaverWithdrawal() {
        return new AccessRequest.WithdrawForLeaver(REQUEST, SYSTEM, "the beneficiary left", EventId.of("ev-w"),
                AT.plusSeconds(60));
    }

    @Test
    void aSystemRequestIsSubmittedUnderItsNameBasedId() {
        fixture.givenNoPriorActivity().when(submitOnce()).expectEvents(submitted());
    }

    @Test
    void redeliveredHireRequestsNothingTwice() {
        fixture.given(submitted()).when(submitOnce()).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aLeaversUndecidedRequestIsWithdrawnBySystem() {
        fixture.given(submitted()).when(leaverWithdrawal()).expectEvents(new RequestWithdrawn(EventId.of("ev-w"),
                REQUEST, SYSTEM, WithdrawalReason.leaver("the beneficiary left"), AT.plusSeconds(60)));
    }

    @Test
    void aLeaversReturnedRequestIsWithdrawnToo() {
        fixture.given(submitted(), new AccessRequest.OutcomeNoted(REQUEST, AccessRequest.Outcome.RETURNED, AT))
                .when(leaverWithdrawal()).expectEvents(new RequestWithdrawn(EventId.of("ev-w"), REQUEST, SYSTEM,
                        WithdrawalReason.leaver("the beneficiary left"), AT.plusSeconds(60)));
    }

    @Test
    void aLeaversDecidedRequestIsLeftToTheLeaverCleanup() {
        fixture.given(submitted(), new AccessRequest.OutcomeNoted(REQUEST, AccessRequest.Outcome.DECIDED, AT))
                .when(leaverWithdrawal()).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aLeaversWithdrawalIsNotRepeated() {
        fixture.given(submitted(), new RequestWithdrawn(EventId.of("ev-w"), REQUEST, SYSTEM,
                WithdrawalReason.leaver("the beneficiary left"), AT))
                .when(leaverWithdrawal()).expectSuccessfulHandlerExecution().expectNoEvents();
    }
}
