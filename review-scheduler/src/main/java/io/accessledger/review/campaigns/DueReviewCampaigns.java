package io.accessledger.review.campaigns;

import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.review.jobs.JobRuns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Review dates fall due without anyone starting a campaign: once a day (by the injected clock) an automatic campaign
 * ({@code startedBy} none) takes every active grant whose review is due and that is not under review already —
 * quarterly for SOX-tagged and privileged access, otherwise the cadence the policy gave its sensitivity (the
 * {@link GrantHistoryView}'s due date) — when there is any. One a day at most: its id is the day's.
 */
@Component
public class DueReviewCampaigns {
    private final GrantHistoryView grants;
    private final CommandGateway commands;
    private final JobRuns jobs;
    private final Duration every;
    private final Duration length;
    private final Clock clock;

    public DueReviewCampaigns(GrantHistoryView grants, CommandGateway commands, JobRuns jobs,
            @Value("${accessledger.review.due-campaigns-every:P1D}") Duration every,
            @Value("${accessledger.review.due-campaign-length:P14D}") Duration length, Clock clock) {
        this.grants = grants;
        this.commands = commands;
        this.jobs = jobs;
        this.every = every;
        this.length = length;
        this.clock = clock;
    }

    /** The timer of every instance fires; the run happens on one of them (the job's lease). */
    @Scheduled(fixedDelayString = "${accessledger.review.due-campaigns-every:P1D}",
            initialDelayString = "${accessledger.review.due-campaigns-first-after:PT10M}")
    public void startOnOneInstance() {
        jobs.exclusively("due-campaigns", every, this::start);
    }

    /** One run: today's automatic campaign, if any review is due. */
    public void start() {
        Instant now = clock.instant();
        ReviewScope due = new ReviewScope(null, null, null, null, false, now);
        if (grants.inScope(due, now, "", 1).isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        commands.sendAndWait(new ReviewCampaign.StartCampaign("C-due-" + today, "Reviews due by " + today, due,
                ReviewerKind.MANAGER, null, now.plus(length), List.of(Duration.ofDays(7), Duration.ofDays(1)),
                NonResponsePolicy.ESCALATE, Duration.ofDays(7), null, Set.of(),
                EventId.of(Ids.nameBased("due-campaign:" + today)), now));
    }
}
