package io.accessledger.review.items;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.review.AccessReviewRejected;
import io.accessledger.events.review.AccessReviewUnanswered;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.review.schedule.ReviewSchedule;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * A review that ends in revocation asks for it: a reviewer's rejection, or silence under a revoking policy, read back
 * from the review topic, becomes the grant's {@code AccessRevocationRequested} (reason REVIEW) through its
 * {@link ReviewSchedule} (asked once per grant), which provisioning-service carries out.
 */
@Component
public class ReviewRevocations implements EventConsumer {
    private final CausedCommands commands;
    private final Clock clock;

    public ReviewRevocations(CausedCommands commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "review-revocations";
    }

    /**
     * Its effect lies in the handling transaction (its one command per event goes to the grant's review schedule, whose
     * handler only applies events): its polls are applied whole, in one transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REVIEW);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return EventConsumer.isOneOf(type, AccessReviewRejected.class, AccessReviewUnanswered.class);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessReviewRejected r) {
            commands.send(new ReviewSchedule.RequestRevocation(r.grantId(), r.requestId(), r.employeeId(),
                    r.entitlement(), RevocationReason.REVIEW, r.reviewerId(),
                    "Review campaign " + r.campaignId() + ": " + r.comment(), revocationId(r.itemId()),
                    clock.instant()), envelope);
        } else if (event instanceof AccessReviewUnanswered u && u.applied() == NonResponsePolicy.REVOKE) {
            commands.send(new ReviewSchedule.RequestRevocation(u.grantId(), u.requestId(), u.employeeId(),
                    u.entitlement(), RevocationReason.REVIEW, null,
                    "Review campaign " + u.campaignId() + ": no decision by the due time", revocationId(u.itemId()),
                    clock.instant()), envelope);
        }
    }

    private static EventId revocationId(String itemId) {
        return EventId.of(Ids.nameBased("review-revocation:" + itemId));
    }
}
