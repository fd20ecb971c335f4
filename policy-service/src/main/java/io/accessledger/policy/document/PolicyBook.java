package io.accessledger.policy.document;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import java.io.IOException;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** The one book of policy versions: each publication is the next version number, with a summary of changes. */
@Aggregate
public class PolicyBook {
    public static final String ID = PolicyPublished.SUBJECT;

    @AggregateIdentifier
    private String bookId;
    private int version;
    private PolicyDocument current;

    protected PolicyBook() {
    }

    public record PublishPolicy(@TargetAggregateIdentifier String bookId, PolicyDocument document,
            EmployeeId publishedBy, EventId eventId, Instant at) {
    }

    /** Publishes and returns the new version number. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public String handle(PublishPolicy command) {
        String next = String.valueOf(version + 1);
        PolicyDocument versioned = command.document().withVersion(next);
        String json;
        try {
            json = EventJson.mapper().writeValueAsString(versioned);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        apply(new PolicyPublished(command.eventId(), next, command.publishedBy(),
                PolicyChanges.between(current, versioned), json, command.at()));
        return next;
    }

    @EventSourcingHandler
    void on(PolicyPublished event) throws IOException {
        bookId = ID;
        version = Integer.parseInt(event.policyVersion());
        current = EventJson.mapper().readValue(event.document(), PolicyDocument.class);
    }
}
