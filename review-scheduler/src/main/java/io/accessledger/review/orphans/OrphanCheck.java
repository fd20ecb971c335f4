package io.accessledger.review.orphans;

import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.review.grants.GrantHistoryView.Orphan;
import io.accessledger.review.jobs.JobRuns;
import io.accessledger.review.schedule.ReviewSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Nothing is left orphaned: once a day (by the injected clock) every active grant whose holder is terminated, or
 * unknown to the directory a day after it was granted, is reported ({@code OrphanedAccessDetected}) and its
 * revocation asked for (reason LEAVER) by the grant's {@link ReviewSchedule}, once. The leaver clean-up normally gets
 * there first; this check catches what it could not see (a grant of someone the directory never named, a missed
 * termination). Paged ({@value #PAGE} at a time), one instance at a time, each grant on its own ({@link JobRuns}).
 */
@Component
public class OrphanCheck {
    static final int PAGE = 500;
    /** How long a holder may be unknown to the directory before the grant counts as orphaned (the topics' lag). */
    static final Duration UNKNOWN_GRACE = Duration.ofDays(1);
    private final GrantHistoryView grants;
    private final CommandGateway commands;
    private final JobRuns jobs;
    private final Duration every;
    private final Clock clock;

    public OrphanCheck(GrantHistoryView grants, CommandGateway commands, JobRuns jobs,
            @Value("${accessledger.review.orphan-check-every:P1D}") Duration every, Clock clock) {
        this.grants = grants;
        this.commands = commands;
        this.jobs = jobs;
        this.every = every;
        this.clock = clock;
    }

    /** The timer of every instance fires; the run happens on one of them (the job's lease). */
    @Scheduled(fixedDelayString = "${accessledger.review.orphan-check-every:P1D}",
            initialDelayString = "${accessledger.review.orphan-check-first-after:PT1H}")
    public void checkOnOneInstance() {
        jobs.exclusively("orphan-check", every, this::check);
    }

    /** One run over every orphaned grant, page by page. */
    public void check() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        String after = "";
        List<Orphan> page;
        do {
            page = grants.orphans(today, now.minus(UNKNOWN_GRACE), after, PAGE);
            for (Orphan orphan : page) {
                jobs.attempt("orphan-check", orphan.grantId().value(), () -> commands.sendAndWait(
                        new ReviewSchedule.ReportOrphan(orphan.grantId(), orphan.requestId(), orphan.holder(),
                                orphan.entitlement(), orphan.holderStatus(),
                                EventId.of(Ids.nameBased("orphan:" + orphan.grantId().value())), now)));
                after = orphan.grantId().value();
            }
        } while (page.size() == PAGE);
    }
}
