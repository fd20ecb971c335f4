package io.accessledger.review.expiry;

import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.review.cleanup.HeldGrantsView;
import io.accessledger.review.jobs.JobRuns;
import io.accessledger.review.schedule.ReviewCalendarView;
import io.accessledger.review.schedule.ReviewSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Time-limited access ends by itself: every minute (by the injected clock) each grant still held past its
 * {@code expiresAt} is asked to be revoked with reason EXPIRED, once (the grant's schedule asks only once, and the
 * calendar stops listing it when its revocation request comes back on the review topic); provisioning takes it away
 * and records {@code AccessExpired}. Each grant is asked on its own: one that fails (its schedule modified at the same
 * moment elsewhere) is logged, counted and asked again by the next run; the others are asked in this one.
 */
@Component
public class ExpiryWatch {
    private final ReviewCalendarView calendar;
    private final HeldGrantsView heldGrants;
    private final CommandGateway commands;
    private final JobRuns jobs;
    private final Duration every;
    private final Clock clock;

    public ExpiryWatch(ReviewCalendarView calendar, HeldGrantsView heldGrants, CommandGateway commands, JobRuns jobs,
            @Value("${accessledger.review.expiry-watch-every:PT1M}") Duration every, Clock clock) {
        this.calendar = calendar;
        this.heldGrants = heldGrants;
        this.commands = commands;
        this.jobs = jobs;
        this.every = every;
        this.clock = clock;
    }

    /** The timer of every instance fires; the run happens on one of them (the job's lease). */
    @Scheduled(fixedDelayString = "${accessledger.review.expiry-watch-every:PT1M}",
            initialDelayString = "${accessledger.review.expiry-watch-first-after:PT20S}")
    public void watchOnOneInstance() {
        jobs.exclusively("expiry-watch", every, this::watch);
    }

    /** One run: every grant still held past its expiry is asked to go. */
    public void watch() {
        Instant now = clock.instant();
        List<ReviewCalendarView.Expiring> expired = calendar.expiredBy(now);
        Set<GrantId> held = heldGrants.stillHeld(expired.stream().map(ReviewCalendarView.Expiring::grantId).toList());
        for (ReviewCalendarView.Expiring grant : expired) {
            if (held.contains(grant.grantId())) {
                jobs.attempt("expiry-watch", grant.grantId().value(), () -> commands.sendAndWait(
                        new ReviewSchedule.RequestRevocation(grant.grantId(), grant.requestId(), grant.employeeId(),
                                grant.entitlement(), RevocationReason.EXPIRED, null, "Time limit reached",
                                EventId.of(Ids.nameBased("expiry:" + grant.grantId().value())), now)));
            }
        }
    }
}
