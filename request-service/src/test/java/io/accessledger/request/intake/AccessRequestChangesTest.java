package io.accessledger.request.intake;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Withdrawal and revision, decided by the request itself from what it learned of its approval. */
class AccessRequestChangesTest {
    private static final RequestId REQUEST = RequestId.of("R-1");
    private static final EmployeeId REQUESTER = EmployeeId.of("E1");
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E2");
    private static final EmployeeId STRANGER = EmployeeId.of("E9");
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");

    private AggregateTestFixture<AccessRequest> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AccessRequest.class);
    }

    private TestExecutor<AccessRequest> submitted() {
        return fixture.given(new RequestSubmitted(EventId.of("e-1"), REQUEST, null, REQUESTER, BENEFICIARY, "github",
                "write", "Joining the payments team repositories", null, null, RequestSource.PORTAL, false, List.of(),
                AT));
    }

    private static AccessRequest.WithdrawAccessRequest withdraw(EmployeeId by, String reason) {
        return new AccessRequest.WithdrawAccessRequest(REQUEST, by, reason, EventId.of("e-w"), AT);
    }

    private static AccessRequest.ReviseAccessRequest revise(EmployeeId by) {
        return new AccessRequest.ReviseAccessRequest(REQUEST, by, "  Only the ledger repository, read-only  ", "read",
                Duration.ofDays(30), EventId.of("e-r"), AT);
    }

    private static AccessRequest.OutcomeNoted noted(AccessRequest.Outcome outcome) {
        return new AccessRequest.OutcomeNoted(REQUEST, outcome, AT);
    }

    @Test
    void theRequesterWithdrawsAnUndecidedRequestWithAReason() {
        submitted().when(withdraw(REQUESTER, " No longer needed "))
                .expectEvents(new RequestWithdrawn(EventId.of("e-w"), REQUEST, REQUESTER,
                        WithdrawalReason.byRequester("No longer needed"), AT));
    }

    @Test
    void theBeneficiaryMayWithdrawToo() {
        submitted().when(withdraw(BENEFICIARY, "Changed teams")).expectSuccessfulHandlerExecution()
                .expectEvents(new RequestWithdrawn(EventId.of("e-w"), REQUEST, BENEFICIARY,
                        WithdrawalReason.byRequester("Changed teams"), AT));
    }

    @Test
    void nobodyElseWithdraws() {
        submitted().when(withdraw(STRANGER, "Mischief")).expectException(Refused.class).expectNoEvents();
    }

    @Test
    void aDecidedRequestCannotBeWithdrawn() {
        submitted().andGiven(noted(AccessRequest.Outcome.DECIDED))
                .when(withdraw(REQUESTER, "Too late")).expectException(Refused.class).expectNoEvents();
    }

    @Test
    void aWithdrawalNeedsAReason() {
        submitted().when(withdraw(REQUESTER, " ")).expectException(Refused.class).expectNoEvents();
    }

    @Test
    void aReturnedRequestIsRevisedByItsRequester() {
        submitted().andGiven(noted(AccessRequest.Outcome.RETURNED))
                .when(revise(REQUESTER))
                .expectEvents(new RequestRevised(EventId.of("e-r"), REQUEST, REQUESTER,
                        "Only the ledger repository, read-only", "read", Duration.ofDays(30), AT));
    }

    @Test
    void aRequestThatWasNotReturnedCannotBeRevised() {
        submitted().when(revise(REQUESTER)).expectException(Refused.class).expectNoEvents();
    }

    @Test
    void onlyTheRequesterRevises() {
        submitted().andGiven(noted(AccessRequest.Outcome.RETURNED))
                .when(revise(BENEFICIARY)).expectException(Refused.class).expectNoEvents();
    }

    @Test
    void aRevisedRequestCannotBeRevisedAgainUntilReturnedAgain() {
        submitted().andGiven(noted(AccessRequest.Outcome.RETURNED))
                .andGivenCommands(revise(REQUESTER))
                .when(revise(REQUESTER)).expectException(Refused.class).expectNoEvents();
    }

    @Test
    void anOutcomeAfterWithdrawalChangesNothing() {
        submitted().andGivenCommands(withdraw(REQUESTER, "No longer needed"))
                .when(new AccessRequest.NoteOutcome(REQUEST, AccessRequest.Outcome.DECIDED, AT))
                .expectNoEvents();
    }
}
