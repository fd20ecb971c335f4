package io.accessledger.approval.cases;


import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Time-limited access never becomes permanent by omission: what was asked and the resource's maximum bound it. */
class ApprovalCaseDurationTest {
    private static final RequestId REQUEST = RequestId.of("R-5");
    private static final EmployeeId REQUESTER = EmployeeId.of("E10");
    private static final EmployeeId MANAGER = EmployeeId.of("E30");
    private static final Entitlement ENTITLEMENT = Entitlement.parse("aws-prod:read");
    private static final ResourceSnapshot RESOURCE = new ResourceSnapshot("aws-prod", "AWS prod", "entra-scim",
            EmployeeId.of("E1031"), Sensitivity.CRITICAL, List.of(), false);
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");
    private static final TaskId MANAGER_TASK = TaskId.of("T-" + Ids.nameBased(REQUEST + "/0/" + Stage.MANAGER));

    private AggregateTestFixture<ApprovalCase> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApprovalCase.class);
    }

    private static PolicyEvaluated evaluated(Duration maxDuration) {
        return new PolicyEvaluated(EventId.of("ev"), REQUEST, "1", REQUESTER, ENTITLEMENT, RESOURCE, List.of(),
                Sensitivity.CRITICAL, List.of(Stage.MANAGER), false, maxDuration, Duration.ofDays(90), AT);
    }

    private Conditions approvedWith(Duration requested, Duration maxDuration, Conditions managerConditions) {
        List<Conditions> seen = new java.util.ArrayList<>();
        fixture.givenCommands(new ApprovalCase.OpenCase(REQUEST, REQUESTER, REQUESTER, ENTITLEMENT, List.of(MANAGER),
                        "cmd-open", AT, requested),
                        new ApprovalCase.ApplyEvaluation(REQUEST, evaluated(maxDuration), List.of(MANAGER), "cmd-eval", AT))
                .when(new ApprovalCase.DecideTask(REQUEST, MANAGER_TASK, MANAGER, Set.of(),
                        managerConditions == null ? Outcome.APPROVE : Outcome.APPROVE_WITH_CONDITIONS, "ok",
                        managerConditions, null, "cmd-decide", AT))
                .expectEventsMatching(capture(seen));
        return seen.get(0);
    }

    /** Matches when the events hold an AccessApproved, and keeps its conditions. */
    private static Matcher<List<? super EventMessage<?>>> capture(List<Conditions> seen) {
        return new org.hamcrest.BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                for (Object element : (List<?>) item) {
                    if (element instanceof EventMessage<?> message && message.getPayload() instanceof AccessApproved a) {
                        seen.add(a.conditions());
                        return true;
                    }
                }
                return false;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("an AccessApproved");
            }
        };
    }

    @Test
    void theRequestedDurationBoundsTheGrant() {
        org.assertj.core.api.Assertions.assertThat(approvedWith(Duration.ofDays(10), null, null).accessDuration())
                .isEqualTo(Duration.ofDays(10));
    }

    @Test
    void theResourcesMaximumBoundsAGrantAskedWithoutEnd() {
        org.assertj.core.api.Assertions.assertThat(approvedWith(null, Duration.ofDays(30), null).accessDuration())
                .isEqualTo(Duration.ofDays(30));
    }

    @Test
    void theShortestOfRequestedMaximumAndApproverWins() {
        Conditions manager = new Conditions(Duration.ofDays(60), true, null);
        Conditions result = approvedWith(Duration.ofDays(45), Duration.ofDays(30), manager);
        org.assertj.core.api.Assertions.assertThat(result).isEqualTo(new Conditions(Duration.ofDays(30), true, null));
    }

    @Test
    void aRevisedDurationBoundsTheGrantInPlaceOfTheFirstOne() {
        List<Conditions> seen = new java.util.ArrayList<>();
        TaskId revisedTask = TaskId.of("T-" + Ids.nameBased(REQUEST + "/1/" + Stage.MANAGER));
        fixture.givenCommands(new ApprovalCase.OpenCase(REQUEST, REQUESTER, REQUESTER, ENTITLEMENT, List.of(MANAGER),
                        "cmd-open", AT, Duration.ofDays(90)),
                        new ApprovalCase.ApplyEvaluation(REQUEST, evaluated(null), List.of(MANAGER), "cmd-eval", AT),
                        new ApprovalCase.DecideTask(REQUEST, MANAGER_TASK, MANAGER, Set.of(), Outcome.RETURN,
                                "a week is enough", null, null, "cmd-return", AT),
                        new ApprovalCase.ApplyRevision(REQUEST, Duration.ofDays(7)),
                        new ApprovalCase.ApplyEvaluation(REQUEST, evaluated(null), List.of(MANAGER), "cmd-eval-2", AT))
                .when(new ApprovalCase.DecideTask(REQUEST, revisedTask, MANAGER, Set.of(), Outcome.APPROVE, "ok", null,
                        null, "cmd-decide", AT))
                .expectEventsMatching(capture(seen));
        org.assertj.core.api.Assertions.assertThat(seen.get(0).accessDuration()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void withoutAnyBoundTheGrantHasNoEnd() {
        org.assertj.core.api.Assertions.assertThat(approvedWith(null, null, null).accessDuration()).isNull();
    }

}
