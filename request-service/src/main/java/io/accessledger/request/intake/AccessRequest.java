package io.accessledger.request.intake;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.request.RequestSubmitted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** One access request, from submission on. Its id, event id and time come in with the command. */
@Aggregate
public class AccessRequest {
    @AggregateIdentifier
    private RequestId requestId;

    protected AccessRequest() {
    }

    public record SubmitAccessRequest(@TargetAggregateIdentifier RequestId requestId, String bundleId,
            EmployeeId requesterId, EmployeeId beneficiaryId, String resourceId, String accessLevel,
            String justification, Duration accessDuration, String ticketRef, RequestSource source,
            boolean exceedsStandardProfile, List<Entitlement> standardProfile, EventId eventId, Instant at) {
    }

    @CommandHandler
    public AccessRequest(SubmitAccessRequest c) {
        apply(new RequestSubmitted(c.eventId(), c.requestId(), c.bundleId(), c.requesterId(), c.beneficiaryId(),
                c.resourceId(), c.accessLevel(), c.justification().trim(), c.accessDuration(), c.ticketRef(),
                c.source(), c.exceedsStandardProfile(), c.standardProfile(), c.at()));
    }

    @EventSourcingHandler
    void on(RequestSubmitted event) {
        requestId = event.requestId();
    }
}
