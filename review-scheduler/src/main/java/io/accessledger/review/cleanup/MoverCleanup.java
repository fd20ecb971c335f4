package io.accessledger.review.cleanup;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.review.cleanup.HeldGrantsView.HeldGrant;
import io.accessledger.review.cleanup.MoverStore.Move;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.review.jobs.JobRuns;
import io.accessledger.review.schedule.ReviewSchedule;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Movers keep what their new position's standard profile holds and lose the rest: on a transfer to another position
 * (on its effective date; a sweep picks up future-dated ones) every grant outside the new profile is asked to be
 * revoked (reason MOVER), except grants whose request was submitted on or after the effective date (asked for the new
 * role). A grant of an older request that completes later goes too. The grants are kept in {@link HeldGrantsView}
 * with the same idempotent writes as the leaver clean-up, so neither depends on the other's progress. What the move
 * keeps outside the new profile is not kept silently: {@link TransferReviews} opens review items for the new manager.
 */
@Component
public class MoverCleanup implements EventConsumer {
    private static final Logger log = LoggerFactory.getLogger(MoverCleanup.class);
    private final HeldGrantsView heldGrants;
    private final MoverStore movers;
    private final RequestSubmissionsView submissions;
    private final PolicyInForceView profiles;
    private final CausedCommands causedCommands;
    private final CommandGateway commands;
    private final JobRuns jobs;
    private final TransferReviews transferReviews;
    private final Duration sweepEvery;
    private final Clock clock;

    public MoverCleanup(HeldGrantsView heldGrants, MoverStore movers, RequestSubmissionsView submissions,
            PolicyInForceView profiles, CausedCommands causedCommands, CommandGateway commands, JobRuns jobs,
            TransferReviews transferReviews,
            @Value("${accessledger.review.mover-sweep-every:PT10M}") Duration sweepEvery, Clock clock) {
        this.heldGrants = heldGrants;
        this.movers = movers;
        this.submissions = submissions;
        this.profiles = profiles;
        this.causedCommands = causedCommands;
        this.commands = commands;
        this.jobs = jobs;
        this.transferReviews = transferReviews;
        this.sweepEvery = sweepEvery;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "mover-cleanup";
    }

    /**
     * Its effect lies in the handling transaction (the held grants, movers and submissions are this service's tables,
     * the reviews and revocations commands on its aggregates, whose handlers only apply events): its polls are applied
     * whole, in one transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.IDENTITY, Topic.PROVISIONING, Topic.REQUEST);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof RequestSubmitted s) {
            submissions.submitted(s);
        } else if (event instanceof AccessProvisioned p) {
            heldGrants.provisioned(p);
            Optional<Move> move = movers.of(p.employeeId()).filter(m -> !m.effectiveOn().isAfter(today()));
            if (move.isPresent()) {
                revokeOutsideProfile(move.get(), List.of(new HeldGrant(p.grantId(), p.requestId(), p.employeeId(),
                        p.entitlement())), envelope);
            }
        } else if (event instanceof AccessRevoked r) {
            heldGrants.ended(r.grantId());
        } else if (event instanceof AccessExpired x) {
            heldGrants.ended(x.grantId());
        } else if (event instanceof EmployeeTransferred t && t.positionChanged()) {
            Move move = new Move(t.employeeId(), t.effectiveOn() == null ? today() : t.effectiveOn(),
                    t.profile().department(), t.profile().jobTitle(), t.profile().managerId());
            movers.moves(move, envelope.id());
            if (!move.effectiveOn().isAfter(today())) {
                revokeAllOutsideProfile(move, envelope);
            }
        }
    }

    /** The timer of every instance fires; the sweep happens on one of them (the job's lease). */
    @Scheduled(fixedDelayString = "${accessledger.review.mover-sweep-every:PT10M}",
            initialDelayString = "${accessledger.review.mover-sweep-first-after:PT30S}")
    public void sweepOnOneInstance() {
        jobs.exclusively("mover-sweep", sweepEvery, this::sweep);
    }

    /**
     * Movers whose effective date has come (or whose policy was not there yet): what falls outside goes. Each grant is
     * asked on its own; a mover one of whose grants failed stays due, and the next sweep asks again.
     */
    public void sweep() {
        for (Move move : movers.due(today())) {
            revokeAllOutsideProfile(move, null);
        }
    }

    private void revokeAllOutsideProfile(Move move, Envelope cause) {
        if (revokeOutsideProfile(move, heldGrants.heldBy(move.employeeId()), cause)) {
            movers.done(move.employeeId());
        }
    }

    /**
     * Answers false when no policy is known yet or, in the sweep ({@code cause} none), a grant failed: the sweep tries
     * again. With a {@code cause} (the event that made it due) a failure fails its handling.
     */
    private boolean revokeOutsideProfile(Move move, List<HeldGrant> grants, Envelope cause) {
        Optional<PolicyDocument> policy = profiles.current();
        if (policy.isEmpty()) {
            log.warn("No policy known yet: the move of {} is cleaned up once one is", move.employeeId());
            return false;
        }
        List<Entitlement> profile = policy.get().standardProfile(move.department(), move.jobTitle());
        Map<RequestId, Instant> submitted = submissions.submittedAt(grants.stream().map(HeldGrant::requestId)
                .toList());
        boolean all = true;
        List<HeldGrant> toReview = grants.stream().filter(grant -> MoverRules.reviewedOnMove(grant.entitlement(),
                profile, submitted.get(grant.requestId()), move.effectiveOn())).toList();
        if (!toReview.isEmpty()) {
            if (cause == null) {
                all &= jobs.attempt("mover-sweep", "review:" + move.employeeId().value(),
                        () -> transferReviews.open(move, toReview));
            } else {
                transferReviews.open(move, toReview);
            }
        }
        for (HeldGrant grant : grants) {
            if (!MoverRules.losesOnMove(grant.entitlement(), profile, submitted.get(grant.requestId()),
                    move.effectiveOn())) {
                continue;
            }
            if (cause == null) {
                all &= jobs.attempt("mover-sweep", grant.grantId().value(), () -> revoke(grant, move, null));
            } else {
                revoke(grant, move, cause);
            }
        }
        return all;
    }

    /** {@code cause}: the event that made it due, or none when the sweep found it due. */
    private void revoke(HeldGrant grant, Move move, Envelope cause) {
        Object command = new ReviewSchedule.RequestRevocation(grant.grantId(), grant.requestId(), move.employeeId(),
                grant.entitlement(), RevocationReason.MOVER, null,
                "Moved to " + move.jobTitle() + ", " + move.department() + " on " + move.effectiveOn() + "; "
                        + grant.entitlement() + " is outside the new position's standard profile",
                EventId.of(Ids.nameBased("mover-revocation:" + grant.grantId().value())), clock.instant());
        if (cause == null) {
            commands.sendAndWait(command);
        } else {
            causedCommands.send(command, cause);
        }
        log.info("Mover {}: revocation of grant {} ({}) requested", move.employeeId(), grant.grantId(),
                grant.entitlement());
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
