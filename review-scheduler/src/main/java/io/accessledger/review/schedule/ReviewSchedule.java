package io.accessledger.review.schedule;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.review.OrphanedAccessDetected;
import io.accessledger.events.review.ReviewScheduled;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The review calendar of one grant: when it must be reviewed and, if time-limited, when it expires; and the request
 * to take it away when it must go.
 */
@Aggregate
public class ReviewSchedule {
    @AggregateIdentifier
    private GrantId grantId;
    private boolean revocationRequested;

    protected ReviewSchedule() {
    }

    public record ScheduleReview(@TargetAggregateIdentifier GrantId grantId, RequestId requestId,
            EmployeeId employeeId, Entitlement entitlement, Instant reviewDueAt, Instant expiresAt, EventId eventId,
            Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ScheduleReview c) {
        if (grantId != null || revocationRequested) {
            return;
        }
        apply(new ReviewScheduled(c.eventId(), c.grantId(), c.requestId(), c.employeeId(), c.entitlement(),
                c.reviewDueAt(), c.expiresAt(), c.at()));
    }

    /** Access must go: a leaver, a mover, a review decision, an expiry. Asked once per grant. */
    public record RequestRevocation(@TargetAggregateIdentifier GrantId grantId, RequestId requestId,
            EmployeeId employeeId, Entitlement entitlement, RevocationReason reason, EmployeeId requestedBy,
            String note, EventId eventId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RequestRevocation c) {
        if (revocationRequested) {
            return;
        }
        apply(new AccessRevocationRequested(c.eventId(), c.grantId(), c.requestId(), c.employeeId(),
                c.entitlement(), c.reason(), c.requestedBy(), c.note(), c.at()));
    }

    /**
     * The daily check found the grant held by someone {@code holderStatus} TERMINATED or UNKNOWN to the directory:
     * reported, and its revocation asked for (reason LEAVER), once; nothing if its revocation is asked for already.
     */
    public record ReportOrphan(@TargetAggregateIdentifier GrantId grantId, RequestId requestId, EmployeeId employeeId,
            Entitlement entitlement, String holderStatus, EventId eventId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReportOrphan c) {
        if (revocationRequested) {
            return;
        }
        apply(new OrphanedAccessDetected(c.eventId(), c.grantId(), c.requestId(), c.employeeId(), c.entitlement(),
                c.holderStatus(), c.at()));
        apply(new AccessRevocationRequested(EventId.of(Ids.nameBased(c.eventId().value() + "/revocation")),
                c.grantId(), c.requestId(), c.employeeId(), c.entitlement(), RevocationReason.LEAVER, null,
                "Orphaned access: the holder is " + ("UNKNOWN".equals(c.holderStatus()) ? "unknown to the directory"
                        : "no longer employed"), c.at()));
    }

    @EventSourcingHandler
    void on(OrphanedAccessDetected e) {
        grantId = e.grantId();
    }

    @EventSourcingHandler
    void on(ReviewScheduled e) {
        grantId = e.grantId();
    }

    @EventSourcingHandler
    void on(AccessRevocationRequested e) {
        grantId = e.grantId();
        revocationRequested = true;
    }
}
