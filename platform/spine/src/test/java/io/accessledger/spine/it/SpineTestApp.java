package io.accessledger.spine.it;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.inbound.NotYet;
import io.accessledger.spine.inbound.PermanentFailure;
import io.accessledger.spine.replay.ReadModel;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A minimal service on the spine, posing as request-service: one aggregate, one consumer of its own topic. */
@SpringBootApplication
public class SpineTestApp {

    public record Submit(@TargetAggregateIdentifier RequestId requestId, EventId eventId, int sequence, Instant at,
            String justification) {
        public Submit(RequestId requestId, EventId eventId, int sequence, Instant at) {
            this(requestId, eventId, sequence, at, null);
        }
    }

    public record Revise(@TargetAggregateIdentifier RequestId requestId, EventId eventId, int sequence, Instant at) {
    }

    @Aggregate
    public static class TestRequest {
        @AggregateIdentifier
        private RequestId requestId;

        protected TestRequest() {
        }

        @CommandHandler
        public TestRequest(Submit command) {
            if (PollDriver.refusing && PollDriver.REFUSED.equals(command.justification())) {
                throw new IllegalStateException("the case refuses " + command.requestId() + " for now");
            }
            apply(new RequestSubmitted(command.eventId(), command.requestId(), null, EmployeeId.of("E1"),
                    EmployeeId.of("E1"), "salesforce", "read", command.justification() != null ? command.justification()
                            : "sequence " + command.sequence(), null, null,
                    RequestSource.PORTAL, false, List.of(), command.at()));
        }

        @CommandHandler
        public void handle(Revise command) {
            apply(new RequestRevised(command.eventId(), command.requestId(), EmployeeId.of("E1"),
                    "sequence " + command.sequence(), "read", null, command.at()));
        }

        @EventSourcingHandler
        void on(RequestSubmitted event) {
            requestId = event.requestId();
        }
    }

    /**
     * Records each effect: a duplicate delivery would show up as a second row. Requests named for a failure fail
     * that way: {@code -poison} can never be handled (until cured), {@code -flaky} fails while the "database" is
     * down, {@code -early} waits for a prerequisite, {@code -hopeless} always fails as if something were down.
     */
    @Component
    public static class Effects implements EventConsumer {
        public static volatile boolean poisonCured;
        public static volatile boolean databaseDown;
        public static volatile boolean prerequisiteArrived;

        private final JdbcTemplate jdbc;

        public Effects(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("create table if not exists test_effects (id bigserial primary key, event_id text,"
                    + " justification text)");
        }

        @Override
        public String name() {
            return "effects";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public boolean handles(Class<? extends DomainEvent> type) {
            return EventConsumer.isOneOf(type, RequestSubmitted.class, RequestRevised.class);
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            String request = event.subject();
            if (request.endsWith("-poison") && !poisonCured) {
                throw new PermanentFailure("cannot apply a poison request");
            }
            if (request.endsWith("-flaky") && databaseDown) {
                throw new IllegalStateException("the database is failing over");
            }
            if (request.endsWith("-early") && !prerequisiteArrived) {
                throw new NotYet("the prerequisite of " + request);
            }
            if (request.endsWith("-hopeless")) {
                throw new IllegalStateException("the outside system is down");
            }
            if (event instanceof RequestSubmitted submitted) {
                jdbc.update("insert into test_effects (event_id, justification) values (?, ?)",
                        envelope.id(), submitted.justification());
            } else if (event instanceof RequestRevised revised) {
                jdbc.update("insert into test_effects (event_id, justification) values (?, ?)",
                        envelope.id(), revised.justification());
            }
        }
    }

    /**
     * A read model of the requests (only where a test asks for it): one row per request with its latest
     * justification and how often it was revised; {@code first_seen} is filled by the clock, as real views' times are.
     */
    @Component
    @ConditionalOnProperty("spine-test.read-model")
    public static class RequestsView implements ReadModel {
        private final JdbcTemplate jdbc;

        public RequestsView(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("create table if not exists test_requests (request_id text primary key, justification text,"
                    + " revisions int not null default 0, first_seen timestamptz not null default now())");
        }

        @Override
        public String name() {
            return "requests-view";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public List<String> tables() {
            return List.of("test_requests");
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            if (event instanceof RequestSubmitted submitted) {
                jdbc.update("insert into test_requests (request_id, justification) values (?, ?)"
                        + " on conflict do nothing", submitted.requestId().value(), submitted.justification());
            } else if (event instanceof RequestRevised revised) {
                jdbc.update("update test_requests set justification = ?, revisions = revisions + 1"
                        + " where request_id = ?", revised.justification(), revised.requestId().value());
            }
        }
    }

    /**
     * A read model applied a poll at a time (only where a test asks for it): one row per event handled. A request
     * named {@code -failing} fails while {@link #failing} is set, one named {@code -waiting} waits for a prerequisite
     * ({@link NotYet}) until {@link #prerequisiteArrived}.
     */
    @Component
    @ConditionalOnProperty("spine-test.poll-model")
    public static class PollEffects implements ReadModel {
        public static volatile boolean failing;
        public static volatile boolean prerequisiteArrived;

        private final JdbcTemplate jdbc;

        public PollEffects(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("create table if not exists test_poll_effects (id bigserial primary key, event_id text,"
                    + " request_id text, justification text)");
        }

        @Override
        public String name() {
            return "poll-effects";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public List<String> tables() {
            return List.of("test_poll_effects");
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            String request = event.subject();
            if (request.endsWith("-failing") && failing) {
                throw new IllegalStateException("the read model's table is locked");
            }
            if (request.endsWith("-waiting") && !prerequisiteArrived) {
                throw new NotYet("the prerequisite of " + request);
            }
            String justification = event instanceof RequestSubmitted submitted ? submitted.justification()
                    : event instanceof RequestRevised revised ? revised.justification() : null;
            jdbc.update("insert into test_poll_effects (event_id, request_id, justification) values (?, ?, ?)",
                    envelope.id(), request, justification);
        }
    }

    /**
     * A case driver applied a poll at a time (only where a test asks for it): its effect is Axon commands sent on
     * its own thread, which join the handling transaction. A request named {@code -drive} that is submitted opens
     * the request {@code <name>-case}, and its revision revises that one; a submission justified {@link #REFUSED} is
     * refused by the aggregate while {@link #refusing}; one justified {@link #CAUGHT} sends a revision to a request
     * that does not exist, and the driver swallows its failure (as a driver that tolerates a refusal does).
     */
    @Component
    @ConditionalOnProperty("spine-test.poll-driver")
    public static class PollDriver implements EventConsumer {
        public static final String REFUSED = "refused";
        public static final String CAUGHT = "caught";
        public static volatile boolean refusing;
        private final io.accessledger.spine.commands.CausedCommands commands;

        public PollDriver(io.accessledger.spine.commands.CausedCommands commands) {
            this.commands = commands;
        }

        @Override
        public String name() {
            return "poll-driver";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public boolean handles(Class<? extends DomainEvent> type) {
            return EventConsumer.isOneOf(type, RequestSubmitted.class, RequestRevised.class);
        }

        @Override
        public boolean effectInTransaction() {
            return true;
        }

        /** The request a driven request's commands go to. */
        public static RequestId caseOf(String request) {
            return RequestId.of(request + "-case");
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            if (!event.subject().endsWith("-drive")) {
                return;
            }
            EventId caused = EventId.of(io.accessledger.events.ids.Ids.nameBased(envelope.id() + "/case"));
            if (event instanceof RequestSubmitted submitted && CAUGHT.equals(submitted.justification())) {
                try {
                    commands.send(new Revise(RequestId.of("R-missing-" + envelope.id()), caused, 1, event.occurredAt()),
                            envelope);
                } catch (RuntimeException refused) {
                    // tolerated: nothing to do for this record
                }
            } else if (event instanceof RequestSubmitted submitted) {
                commands.send(new Submit(caseOf(event.subject()), caused, 0, event.occurredAt(),
                        submitted.justification()), envelope);
            } else if (event instanceof RequestRevised) {
                commands.send(new Revise(caseOf(event.subject()), caused, 1, event.occurredAt()), envelope);
            }
        }
    }

    /**
     * Where a test asks for it: a request named {@code -traced} that is submitted is revised because of it (a command
     * caused by the consumed record), and the consumer logs a line while it handles the record.
     */
    @Component
    @ConditionalOnProperty("spine-test.caused-revisions")
    public static class CausedRevisions implements EventConsumer {
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CausedRevisions.class);
        private final io.accessledger.spine.commands.CausedCommands commands;

        public CausedRevisions(io.accessledger.spine.commands.CausedCommands commands) {
            this.commands = commands;
        }

        @Override
        public String name() {
            return "caused-revisions";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            if (event instanceof RequestSubmitted submitted && event.subject().endsWith("-traced")) {
                log.info("revising {} because it was submitted", event.subject());
                commands.send(new Revise(submitted.requestId(), EventId.of(java.util.UUID.randomUUID().toString()), 2,
                        submitted.occurredAt()), envelope);
            }
        }
    }

    /**
     * Where a test asks for it: a request submitted with the justification {@code prerequisite of <request>} is
     * recorded as that request's prerequisite (by a consumer of its own, as another service's view would be).
     */
    @Component
    @ConditionalOnProperty("spine-test.prerequisites")
    public static class Prerequisites implements EventConsumer {
        public static final String PREFIX = "prerequisite of ";
        private final JdbcTemplate jdbc;

        public Prerequisites(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("create table if not exists test_prerequisites (request_id text primary key,"
                    + " arrived_at timestamptz not null default clock_timestamp())");
        }

        @Override
        public String name() {
            return "prerequisites";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public boolean handles(Class<? extends DomainEvent> type) {
            return EventConsumer.isOneOf(type, RequestSubmitted.class);
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            if (event instanceof RequestSubmitted submitted && submitted.justification() != null
                    && submitted.justification().startsWith(PREFIX)) {
                jdbc.update("insert into test_prerequisites (request_id) values (?) on conflict do nothing",
                        submitted.justification().substring(PREFIX.length()));
            }
        }
    }

    /**
     * Where a test asks for it: the events of a request named {@code -waits} need its prerequisite ({@link
     * Prerequisites}) first ({@link NotYet} until it is there); each one applied is a row, with when.
     */
    @Component
    @ConditionalOnProperty("spine-test.prerequisites")
    public static class Waiting implements EventConsumer {
        private final JdbcTemplate jdbc;

        public Waiting(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("create table if not exists test_waited (id bigserial primary key, event_id text,"
                    + " request_id text, applied_at timestamptz not null default clock_timestamp())");
        }

        @Override
        public String name() {
            return "waiting";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public boolean handles(Class<? extends DomainEvent> type) {
            return EventConsumer.isOneOf(type, RequestSubmitted.class, RequestRevised.class);
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            String request = event.subject();
            if (!request.endsWith("-waits")) {
                return;
            }
            if (jdbc.queryForList("select 1 from test_prerequisites where request_id = ?", request).isEmpty()) {
                throw new NotYet("the prerequisite of " + request);
            }
            jdbc.update("insert into test_waited (event_id, request_id) values (?, ?)", envelope.id(), request);
        }
    }

    /**
     * Where a test asks for it: a consumer of every instance (a group per instance, applied in memory), counting the
     * deliveries of each event it handles, over all the instances that share this bean.
     */
    @Component
    @ConditionalOnProperty("spine-test.every-instance")
    public static class Everywhere implements EventConsumer {
        public final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> deliveries =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String name() {
            return "everywhere";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public boolean handles(Class<? extends DomainEvent> type) {
            return EventConsumer.isOneOf(type, RequestSubmitted.class);
        }

        @Override
        public boolean everyInstance() {
            return true;
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            deliveries.computeIfAbsent(envelope.id(), id -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet();
        }

        public int deliveriesOf(String eventId) {
            java.util.concurrent.atomic.AtomicInteger count = deliveries.get(eventId);
            return count == null ? 0 : count.get();
        }
    }
}
