package io.accessledger.approval.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.approval.ApprovalServiceApplication;
import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.testing.RunningService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The approval service's case driver takes a poll of request events in ONE transaction (docs/RELIABILITY.md,
 * "Inbound"): the events are published in one Kafka transaction to one partition, so the driver takes them in one
 * poll, and the case's appended events and the driver's dedupe rows carry one PostgreSQL transaction id ({@code
 * xmin}). The withdrawal of a case opened earlier in the same poll finds it open (its command sees the first one's
 * appended events); the same poll delivered again records nothing more.
 */
class CaseDriverPollServiceTest {
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E2301");
    private static final Instant AT = Instant.parse("2026-12-07T05:00:00Z");
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(ApprovalServiceApplication.application(), "approval_case_driver_polls");
        service.publish(new EmployeeHired(newId(), BENEFICIARY, new EmployeeProfile(BENEFICIARY, "Person E2301",
                "e2301@example.com", "Finance", "Analyst", null, null, EmploymentStatus.ACTIVE, null, null, true),
                LocalDate.parse("2026-01-05"), "workday", AT.minusSeconds(3600)), "request-service");
        await("the beneficiary in the directory, where a request waits for them").atMost(Duration.ofSeconds(60))
                .until(() -> service.bean(DirectoryView.class).knownChain(BENEFICIARY).isPresent());
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aPollOfRequestEventsIsOneTransactionAndAPollDeliveredAgainRecordsNothingMore() {
        RequestId kept = RequestId.of("R-poll-" + UUID.randomUUID());
        RequestId withdrawn = RequestId.of("R-poll-" + UUID.randomUUID());
        List<DomainEvent> poll = List.of(submitted(withdrawn), submitted(kept),
                new RequestWithdrawn(newId(), withdrawn, BENEFICIARY, WithdrawalReason.byRequester("not needed"),
                        AT.plusSeconds(1)));
        double wholeBefore = polls("whole");

        service.publishInOnePoll("request-service", poll);

        await().atMost(Duration.ofSeconds(60)).until(() -> recorded(withdrawn, ApprovalCase.CaseWithdrawn.class) == 1
                && recorded(kept, ApprovalCase.CaseOpened.class) == 1);
        assertThat(recorded(withdrawn, ApprovalCase.CaseOpened.class)).isEqualTo(1);
        assertThat(polls("whole")).isGreaterThan(wholeBefore);
        List<Long> transactions = service.jdbc().queryForList("""
                select distinct xmin::text::bigint from domainevententry where aggregateidentifier in (?, ?)
                union select distinct xmin::text::bigint from inbound_dedupe
                where consumer = 'case-driver' and event_id in (?, ?, ?)""", Long.class, kept.value(),
                withdrawn.value(), id(poll, 0), id(poll, 1), id(poll, 2));
        assertThat(transactions).hasSize(1);
        double duplicatesBefore = counter("accessledger.inbound.duplicates");
        int appended = service.jdbc().queryForObject("select count(*) from domainevententry", Integer.class);

        service.publishInOnePoll("request-service", poll);

        await().atMost(Duration.ofSeconds(60)).until(
                () -> counter("accessledger.inbound.duplicates") >= duplicatesBefore + 3);
        assertThat(service.jdbc().queryForObject("select count(*) from domainevententry", Integer.class))
                .isEqualTo(appended);
    }

    private static RequestSubmitted submitted(RequestId request) {
        return new RequestSubmitted(newId(), request, null, BENEFICIARY, BENEFICIARY, "netsuite", "view",
                "Quarterly forecast", null, null, RequestSource.PORTAL, false, List.of(), AT);
    }

    private static EventId newId() {
        return EventId.of(UUID.randomUUID().toString());
    }

    private static String id(List<DomainEvent> poll, int index) {
        return poll.get(index).eventId().value();
    }

    private static int recorded(RequestId request, Class<?> type) {
        return service.jdbc().queryForObject("select count(*) from domainevententry where aggregateidentifier = ?"
                + " and payloadtype = ?", Integer.class, request.value(), type.getName());
    }

    private static double polls(String outcome) {
        Counter counter = service.bean(MeterRegistry.class).find("accessledger.inbound.polls")
                .tag("consumer", "case-driver").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double counter(String name) {
        Counter counter = service.bean(MeterRegistry.class).find(name).tag("consumer", "case-driver").counter();
        return counter == null ? 0 : counter.count();
    }
}
