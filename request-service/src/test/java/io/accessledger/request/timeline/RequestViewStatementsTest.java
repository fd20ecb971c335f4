package io.accessledger.request.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.Stage;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.infra.LocalPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The request view writes a request's row and the status an event gives in ONE statement, and an approval's or a
 * provisioning's own column with the request's source and submission time returned for its timing, so a request's
 * submit → approved → provisioned costs the view three statements an event (docs/BENCHMARKS.md, "End-to-end",
 * "Fourteenth round": it was five for an approval or a provisioning, four for the submission) — with the statuses it
 * always had: a request first seen through a later event gets its row, a status older than the one there does not
 * overwrite it, and nothing undecided follows a withdrawal. Statements are counted at the connection.
 */
class RequestViewStatementsTest {
    private static final Instant AT = Instant.parse("2026-12-07T21:00:00Z");
    private static final EmployeeId PERSON = EmployeeId.of("E1036");
    private static final Entitlement WHAT = new Entitlement("confluence", "edit");
    private final AtomicInteger statements = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RequestView view;

    RequestViewStatementsTest() {
        String url = LocalPostgres.freshDatabaseUrl("request_view_statements");
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration/request-service")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        view = new RequestView(new JdbcTemplate(counting(new DriverManagerDataSource(url, "postgres", ""))),
                Clock.fixed(AT.plusSeconds(60), ZoneOffset.UTC), meters);
    }

    @Test
    void aSubmittedApprovedAndProvisionedRequestCostsTheViewThreeStatementsAnEvent() {
        RequestId request = RequestId.of("R-" + UUID.randomUUID());

        assertThat(statementsOf(submitted(request, AT))).isEqualTo(3);
        assertThat(statementsOf(approved(request, AT.plusSeconds(1)))).isEqualTo(3);
        assertThat(statementsOf(provisioned(request, AT.plusSeconds(2)))).isEqualTo(3);

        RequestView.Request seen = view.find(request.value()).orElseThrow();
        assertThat(seen.status()).isEqualTo("PROVISIONED");
        assertThat(seen.grantId()).isEqualTo("G-" + request.value());
        assertThat(seen.beneficiaryId()).isEqualTo(PERSON.value());
        assertThat(seen.timeline()).extracting(RequestView.TimelineEntry::type)
                .containsExactly("RequestSubmitted", "AccessApproved", "AccessProvisioned");
        assertThat(meters.get("accessledger.request.decision.time").tags("outcome", "approved", "source", "PORTAL")
                .timer().totalTime(TimeUnit.SECONDS)).isEqualTo(1.0);
        assertThat(meters.get("accessledger.request.provisioning.time").tags("source", "PORTAL").timer()
                .totalTime(TimeUnit.SECONDS)).isEqualTo(2.0);
    }

    @Test
    void aRequestFirstSeenThroughALaterEventGetsItsRowAndAnOlderStatusDoesNotOverwriteIt() {
        RequestId request = RequestId.of("R-" + UUID.randomUUID());
        handle(provisioned(request, AT.plusSeconds(2)));
        handle(approved(request, AT.plusSeconds(1)));
        handle(submitted(request, AT));

        RequestView.Request seen = view.find(request.value()).orElseThrow();
        assertThat(seen.status()).isEqualTo("PROVISIONED");
        assertThat(seen.grantId()).isEqualTo("G-" + request.value());
        assertThat(meters.find("accessledger.request.provisioning.time").timer())
                .as("not timed: its submission was not seen yet").isNull();
    }

    @Test
    void nothingUndecidedFollowsAWithdrawalWhateverItsTime() {
        RequestId request = RequestId.of("R-" + UUID.randomUUID());
        handle(submitted(request, AT));
        handle(new RequestWithdrawn(id(), request, PERSON, WithdrawalReason.byRequester("Not needed"),
                AT.plusSeconds(5)));
        handle(new ApprovalTaskOpened(id(), request, TaskId.of("T-" + UUID.randomUUID()), Stage.MANAGER,
                EmployeeId.of("E1002"), null, AT.plus(Duration.ofDays(3)), AT.plusSeconds(7)));

        assertThat(view.find(request.value()).orElseThrow().status()).isEqualTo("WITHDRAWN");
    }

    private int statementsOf(DomainEvent event) {
        int before = statements.get();
        handle(event);
        return statements.get() - before;
    }

    private void handle(DomainEvent event) {
        view.handle(event, Envelope.of(event, "test", null, null, null));
    }

    private static RequestSubmitted submitted(RequestId request, Instant at) {
        return new RequestSubmitted(id(), request, null, PERSON, PERSON, WHAT.resourceId(), WHAT.level(),
                "For the wiki", null, null, RequestSource.PORTAL, false, List.of(WHAT), at);
    }

    private static AccessApproved approved(RequestId request, Instant at) {
        return new AccessApproved(id(), request, PERSON, WHAT, null, null, List.of("policy"), "v1", null, at);
    }

    private static AccessProvisioned provisioned(RequestId request, Instant at) {
        return new AccessProvisioned(id(), GrantId.of("G-" + request.value()), request, PERSON, WHAT, "saas-scim",
                "scim", "ref-1", null, null, at, null, null, at);
    }

    private static EventId id() {
        return EventId.of(UUID.randomUUID().toString());
    }

    /** The data source, counting every statement its connections prepare. */
    private DataSource counting(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().startsWith("prepare")
                                    || method.getName().equals("createStatement")) {
                                statements.incrementAndGet();
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
    }
}
