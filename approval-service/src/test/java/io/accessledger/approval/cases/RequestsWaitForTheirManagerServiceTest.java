package io.accessledger.approval.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.approval.ApprovalServiceApplication;
import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole approval-service (real broker, real PostgreSQL): a joiner's or mover's request follows its
 * {@code EmployeeHired} / {@code EmployeeTransferred} on another topic, so it can reach the case driver before the
 * manager directory has the identity event. Its MANAGER task then went to the old manager (a mover) or to the IAM
 * queue (a joiner with no manager yet known). It waits for its cause instead, parked, and goes to the manager the
 * identity event names. A portal request can likewise follow its beneficiary's hire closely (request-service knew of
 * them first): it waits until the directory has them. A request for someone whose directory row is already there
 * waits for nothing.
 */
class RequestsWaitForTheirManagerServiceTest {
    private static final EmployeeId OLD_MANAGER = EmployeeId.of("E4101");
    private static final EmployeeId NEW_MANAGER = EmployeeId.of("E4102");
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(ApprovalServiceApplication.application(), "approval_hris_manager",
                "--accessledger.spine.park-backoff=200ms", "--accessledger.spine.park-poll-interval=200ms");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aMoversRequestThatOvertakesItsTransferGoesToTheNewManagerNotTheOldOne() {
        EmployeeId mover = EmployeeId.of("E4201");
        hire(mover, OLD_MANAGER);
        EventId transfer = newId();
        RequestId request = submit(mover, RequestSource.HRIS_MOVER, transfer.value());
        awaitNoTask(request, "no task before the transfer that caused the request is known");

        service.publish(new EmployeeTransferred(transfer, mover, profile(mover, NEW_MANAGER), "Sales",
                "Account Executive", OLD_MANAGER, LocalDate.now(), "workday", Instant.now()), "request-service");

        assertThat(awaitTask(request).assigneeId()).isEqualTo(NEW_MANAGER);
    }

    @Test
    void aJoinersRequestThatOvertakesTheirHireGoesToTheirManagerNotTheIamQueue() {
        EmployeeId joiner = EmployeeId.of("E4202");
        EventId hire = newId();
        RequestId request = submit(joiner, RequestSource.HRIS_JOINER, hire.value());
        awaitNoTask(request, "no task before the hire that caused the request is known");

        service.publish(new EmployeeHired(hire, joiner, profile(joiner, NEW_MANAGER), LocalDate.now(), "workday",
                Instant.now()), "request-service");

        ApprovalTaskOpened task = awaitTask(request);
        assertThat(task.assigneeId()).isEqualTo(NEW_MANAGER);
        assertThat(task.queue()).isNull();
    }

    @Test
    void aPortalRequestForAnEmployeeInTheDirectoryOpensItsTaskWithoutWaiting() {
        EmployeeId known = EmployeeId.of("E4203");
        hire(known, OLD_MANAGER);
        RequestId request = submit(known, RequestSource.PORTAL, UUID.randomUUID().toString());

        assertThat(awaitTask(request).assigneeId()).isEqualTo(OLD_MANAGER);
        assertThat(service.jdbc().queryForObject("select count(*) from inbound_parked where record_key = ?",
                Integer.class, request.value())).isZero();
    }

    @Test
    void aPortalRequestForSomeoneNotYetInTheDirectoryWaitsForThemAndGoesToTheirManagerNotTheIamQueue() {
        EmployeeId newcomer = EmployeeId.of("E4204");
        RequestId request = submit(newcomer, RequestSource.PORTAL, UUID.randomUUID().toString());
        awaitNoTask(request, "no task before the beneficiary is in the directory");

        service.publish(new EmployeeHired(newId(), newcomer, profile(newcomer, NEW_MANAGER), LocalDate.now(),
                "workday", Instant.now()), "request-service");

        ApprovalTaskOpened task = awaitTask(request);
        assertThat(task.assigneeId()).isEqualTo(NEW_MANAGER);
        assertThat(task.queue()).isNull();
    }

    @Test
    void aRequestForSomeoneKnownToHaveNoManagerGoesToTheIamQueueWithoutWaiting() {
        EmployeeId chief = EmployeeId.of("E4205");
        hire(chief, null);
        RequestId request = submit(chief, RequestSource.PORTAL, UUID.randomUUID().toString());

        ApprovalTaskOpened task = awaitTask(request);
        assertThat(task.queue()).isEqualTo("IAM");
        assertThat(service.jdbc().queryForObject("select count(*) from inbound_parked where record_key = ?",
                Integer.class, request.value())).isZero();
    }

    private static EmployeeProfile profile(EmployeeId person, EmployeeId manager) {
        return new EmployeeProfile(person, "Person " + person, person.value().toLowerCase() + "@example.com",
                "Sales", "Account Executive", manager, null, EmploymentStatus.ACTIVE, LocalDate.parse("2026-01-05"),
                null, true);
    }

    private static void hire(EmployeeId person, EmployeeId manager) {
        service.publish(new EmployeeHired(newId(), person, profile(person, manager), LocalDate.parse("2026-01-05"),
                "workday", Instant.now().minusSeconds(3600)), "request-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(DirectoryView.class).knownChain(person)
                .equals(Optional.of(manager == null ? List.of() : List.of(manager))));
    }

    /** A request (caused by {@code causationId}) and its evaluation: one MANAGER stage, not auto-approvable. */
    private static RequestId submit(EmployeeId beneficiary, RequestSource source, String causationId) {
        RequestId request = RequestId.of("R-" + source.name().toLowerCase() + "-" + UUID.randomUUID());
        EmployeeId requester = source == RequestSource.PORTAL ? beneficiary : EmployeeId.of("accessledger-hris");
        Instant at = Instant.now();
        service.publish(new RequestSubmitted(newId(), request, null, requester, beneficiary, "netsuite", "view",
                "Standard access of the Sales profile", null, null, source, false, List.of(), at),
                "request-service", causationId);
        service.publish(new PolicyEvaluated(newId(), request, "3", beneficiary, Entitlement.parse("netsuite:view"),
                new ResourceSnapshot("netsuite", "NetSuite", "manual", null, Sensitivity.HIGH, List.of(), false),
                List.of(), Sensitivity.HIGH, List.of(Stage.MANAGER), false, null, Duration.ofDays(90),
                at.plusSeconds(1)), "policy-service");
        return request;
    }

    private static List<ApprovalTaskOpened> tasks(RequestId request) {
        return service.published(Topic.APPROVAL, request.value(), ApprovalTaskOpened.class);
    }

    private static void awaitNoTask(RequestId request, String why) {
        await(why).during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> tasks(request).isEmpty());
    }

    private static ApprovalTaskOpened awaitTask(RequestId request) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !tasks(request).isEmpty());
        List<ApprovalTaskOpened> tasks = tasks(request);
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    private static EventId newId() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
