package io.accessledger.approval.inbox;

import io.accessledger.approval.ApprovalServiceApplication;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.testing.RunningService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.support.GenericApplicationContext;

/** What the inbox's service tests share: the service on a test clock, and the events its neighbours publish. */
final class InboxFixture {
    /** The first deadline watch would fire while a test moves the clock: the tests run the watch themselves. */
    static final String NO_SCHEDULED_WATCH = "--accessledger.approval.deadline-watch-initial-delay=PT1H";

    private InboxFixture() {
    }

    /** The service whose every part reads this clock (registered before the spine's default clock would be). */
    static SpringApplicationBuilder onClock(Clock clock) {
        return ApprovalServiceApplication.application().initializers(context ->
                ((GenericApplicationContext) context).registerBean(Clock.class, () -> clock));
    }

    /** An employee hired under this manager, as request-service relays it from the HR system. */
    static void hire(RunningService service, EmployeeId employee, EmployeeId manager) {
        service.publish(new EmployeeHired(newId(), employee, new EmployeeProfile(employee, "Person " + employee,
                employee.value().toLowerCase() + "@example.com", "Sales", "Account Executive", manager, null,
                EmploymentStatus.ACTIVE, null, null, true), LocalDate.parse("2026-01-01"), "bamboohr",
                Instant.parse("2026-01-01T08:00:00Z")), "request-service");
    }

    /** A request for NetSuite view access and its evaluation (a manager stage, these findings), at {@code at}. */
    static RequestId submit(RunningService service, String id, EmployeeId beneficiary, String justification,
            List<Finding> findings, Instant at) {
        return submit(service, id, beneficiary, beneficiary, null, justification, findings, List.of(Stage.MANAGER), at);
    }

    /** As above, by a requester for a beneficiary, the resource owned by {@code owner}, through these stages. */
    static RequestId submit(RunningService service, String id, EmployeeId requester, EmployeeId beneficiary,
            EmployeeId owner, String justification, List<Finding> findings, List<Stage> stages, Instant at) {
        RequestId request = RequestId.of(id);
        service.publish(new RequestSubmitted(newId(), request, null, requester, beneficiary, "netsuite", "view",
                justification, null, null, RequestSource.PORTAL, false, List.of(), at), "request-service");
        service.publish(new PolicyEvaluated(newId(), request, "3", beneficiary, Entitlement.parse("netsuite:view"),
                new ResourceSnapshot("netsuite", "NetSuite", "manual", owner, Sensitivity.HIGH, List.of(), false),
                findings, Sensitivity.HIGH, stages, false, null, Duration.ofDays(90), at.plusSeconds(1)),
                "policy-service");
        return request;
    }

    /** How many events of this type the request's case recorded (its event store is the outbox). */
    static int recorded(RunningService service, RequestId request, Class<?> type) {
        return service.jdbc().queryForObject("select count(*) from domainevententry where aggregateidentifier = ?"
                + " and payloadtype = ?", Integer.class, request.value(), type.getName());
    }

    static EventId newId() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
