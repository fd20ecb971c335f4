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
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A minimal service on the spine, posing as request-service: one aggregate, one consumer of its own topic. */
@SpringBootApplication
public class SpineTestApp {

    public record Submit(@TargetAggregateIdentifier RequestId requestId, EventId eventId, int sequence, Instant at) {
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
            apply(new RequestSubmitted(command.eventId(), command.requestId(), null, EmployeeId.of("E1"),
                    EmployeeId.of("E1"), "salesforce", "read", "sequence " + command.sequence(), null, null,
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

    /** Records each effect: a duplicate delivery would show up as a second row. */
    @Component
    public static class Effects implements EventConsumer {
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
        public void handle(DomainEvent event, Envelope envelope) {
            if (event instanceof RequestSubmitted submitted) {
                if (submitted.requestId().value().endsWith("-poison")) {
                    throw new IllegalStateException("cannot apply a poison request");
                }
                jdbc.update("insert into test_effects (event_id, justification) values (?, ?)",
                        envelope.id(), submitted.justification());
            }
        }
    }
}
