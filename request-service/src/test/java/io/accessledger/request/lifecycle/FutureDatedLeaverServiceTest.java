package io.accessledger.request.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.request.directory.Employee;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.spine.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A termination sent ahead of its date (an HR system's notice: the standard webhook and BambooHR record it at once,
 * with its effective date): the person's undecided requests are withdrawn on that date, as review-scheduler revokes
 * their grants on it — not on the day the notice arrived. The whole service on a clock the test moves; the sweep
 * is run by the test (its timer is set an hour out).
 */
class FutureDatedLeaverServiceTest {
    private static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-06-01T09:00:00Z"));
    private static final LocalDate LAST_DAY = LocalDate.parse("2026-06-15");
    private static RunningService service;
    private static JdbcTemplate jdbc;
    private static CommandGateway commands;

    @BeforeAll
    static void startService() {
        service = RunningService.start(RequestServiceApplication.application().initializers(context ->
                ((GenericApplicationContext) context).registerBean(Clock.class, () -> CLOCK)), "request_leaver_ahead",
                "--accessledger.request.leaver-sweep-first-after=PT1H");
        jdbc = service.jdbc();
        commands = service.bean(CommandGateway.class);
        service.publish(new PolicyPublished(EventId.of(UUID.randomUUID().toString()), "3", EmployeeId.of("E1041"),
                List.of(), writePolicy(), Instant.parse("2026-01-01T00:00:00Z")), "policy-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(PolicyInForceView.class).current().isPresent());
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aLeaversRequestsAreWithdrawnOnTheTerminationsDateNotWhenItIsAnnounced() {
        EmployeeId leaver = EmployeeId.of("E2101");
        hiredThenGivenNotice(leaver);

        CLOCK.set(Instant.parse("2026-06-14T23:59:00Z"));
        service.bean(LifecycleRequests.class).sweep();
        assertThat(withdrawn(leaver)).as("still working out their notice: nothing withdrawn").isZero();

        CLOCK.set(Instant.parse("2026-06-15T00:05:00Z"));
        service.bean(LifecycleRequests.class).sweep();

        await().atMost(Duration.ofSeconds(60)).until(() -> withdrawn(leaver) == 4);
        assertThat(jdbc.queryForList("""
                select t.reason from request_timeline t join request_view v on v.request_id = t.request_id
                where t.type = 'RequestWithdrawn' and v.beneficiary_id = ?""", String.class, leaver.value()))
                .hasSize(4).containsOnly("the beneficiary left the organisation on 2026-06-15");
        assertThat(due(leaver)).as("carried out once").isZero();
    }

    @Test
    void aTerminationWithdrawnBeforeItsDateWithdrawsNothing() {
        EmployeeId kept = EmployeeId.of("E2102");
        hiredThenGivenNotice(kept);

        record(kept, EmploymentStatus.ACTIVE, LocalDate.parse("2026-06-02"));
        await().atMost(Duration.ofSeconds(60)).until(() -> due(kept) == 0);
        CLOCK.set(Instant.parse("2026-06-16T08:00:00Z"));
        service.bean(LifecycleRequests.class).sweep();

        assertThat(withdrawn(kept)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from request_view where beneficiary_id = ? and status = ?",
                Integer.class, kept.value(), "SUBMITTED")).isEqualTo(4);
    }

    /**
     * On 1 June: hired a month ago through the HR system (four birthright requests, undecided: no other service runs),
     * then a termination effective on {@link #LAST_DAY}, kept for that day.
     */
    private static void hiredThenGivenNotice(EmployeeId person) {
        CLOCK.set(Instant.parse("2026-06-01T09:00:00Z"));
        record(person, EmploymentStatus.ACTIVE, LocalDate.parse("2026-05-04"));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from request_view where beneficiary_id = ?", Integer.class, person.value()) == 4);
        record(person, EmploymentStatus.TERMINATED, LAST_DAY);
        await().atMost(Duration.ofSeconds(60)).until(() -> due(person) == 1);
    }

    private static void record(EmployeeId person, EmploymentStatus status, LocalDate effectiveOn) {
        EmployeeProfile engineer = LifecycleRulesTest.engineer();
        EmployeeProfile profile = new EmployeeProfile(person, engineer.name(), engineer.email(), engineer.department(),
                engineer.jobTitle(), engineer.managerId(), engineer.employmentType(), status, null, null, true);
        commands.sendAndWait(new Employee.RecordEmployee(person, profile, effectiveOn, "hris",
                EventId.of(UUID.randomUUID().toString()), CLOCK.instant()));
    }

    private static int due(EmployeeId person) {
        return jdbc.queryForObject("select count(*) from leaver_withdrawal where employee_id = ?", Integer.class,
                person.value());
    }

    private static int withdrawn(EmployeeId person) {
        return jdbc.queryForObject("select count(*) from request_view where beneficiary_id = ? and status = ?",
                Integer.class, person.value(), "WITHDRAWN");
    }

    private static String writePolicy() {
        try {
            return EventJson.mapper().writeValueAsString(LifecycleRulesTest.POLICY);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
