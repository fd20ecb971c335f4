package io.accessledger.review.schedule;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.review.ReviewScheduled;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** The review calendar of one grant: when it must be reviewed and, if time-limited, when it expires. */
@Aggregate
public class ReviewSchedule {
    @AggregateIdentifier
    private GrantId grantId;

    protected ReviewSchedule() {
    }

    public record ScheduleReview(@TargetAggregateIdentifier GrantId grantId, RequestId requestId,
            EmployeeId employeeId, Entitlement entitlement, Instant reviewDueAt, Instant expiresAt, EventId eventId,
            Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ScheduleReview c) {
        if (grantId != null) {
            return;
        }
        apply(new ReviewScheduled(c.eventId(), c.grantId(), c.requestId(), c.employeeId(), c.entitlement(),
                c.reviewDueAt(), c.expiresAt(), c.at()));
    }

    @EventSourcingHandler
    void on(ReviewScheduled e) {
        grantId = e.grantId();
    }
}
