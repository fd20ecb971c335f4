package io.accessledger.approval.cases;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Stage;
import io.accessledger.spine.commands.Refused;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may decide what, and who gets a task: named, pure rules. Each returns the refusal, or nothing.
 */
public final class ApprovalRules {
    private ApprovalRules() {
    }

    /** A task's assignment: a person, or the queue of a role. */
    public record Assignment(EmployeeId assigneeId, String queue) {
    }

    /**
     * The MANAGER task goes to the beneficiary's manager; if that is the requester or the beneficiary (or there is
     * none), one level up; failing that, the IAM queue. Review stages go to the queue of their role.
     */
    public static Assignment assign(Stage stage, EmployeeId requester, EmployeeId beneficiary,
            List<EmployeeId> managerChain) {
        return assign(stage, requester, beneficiary, managerChain, null);
    }

    /**
     * As above; a RESOURCE_OWNER task goes to the resource's owner, or to the IAM queue when the owner is the
     * requester or the beneficiary.
     */
    public static Assignment assign(Stage stage, EmployeeId requester, EmployeeId beneficiary,
            List<EmployeeId> managerChain, EmployeeId resourceOwner) {
        return assign(stage, requester, beneficiary, managerChain, resourceOwner, List.of());
    }

    /**
     * As above; nor does a RESOURCE_OWNER task go to an owner who already approved an earlier stage of this round
     * ({@code approvers}): they may not approve it ({@link #oneApprovalPerPerson}), so it goes to the IAM queue.
     */
    public static Assignment assign(Stage stage, EmployeeId requester, EmployeeId beneficiary,
            List<EmployeeId> managerChain, EmployeeId resourceOwner, List<String> approvers) {
        if (stage == Stage.RESOURCE_OWNER) {
            boolean party = resourceOwner == null || resourceOwner.equals(requester)
                    || resourceOwner.equals(beneficiary) || approvers.contains(resourceOwner.value());
            return party ? new Assignment(null, Stage.IAM.name()) : new Assignment(resourceOwner, null);
        }
        if (stage == Stage.MANAGER) {
            return managerChain.stream()
                    .filter(manager -> !manager.equals(requester) && !manager.equals(beneficiary))
                    .findFirst()
                    .map(manager -> new Assignment(manager, null))
                    .orElse(new Assignment(null, Stage.IAM.name()));
        }
        return new Assignment(null, stage.name());
    }

    public static Optional<Refused> nobodyApprovesTheirOwnRequest(EmployeeId decider, EmployeeId requester,
            EmployeeId beneficiary) {
        if (decider.equals(requester) || decider.equals(beneficiary)) {
            return Optional.of(Refused.notAllowed("nobodyApprovesTheirOwnRequest",
                    decider + " is the " + (decider.equals(beneficiary) ? "beneficiary" : "requester")
                            + " of this request and may not decide on it"));
        }
        return Optional.empty();
    }

    /**
     * The refusal names neither the task's queue nor its state: it is the same for a task the caller does not hold and
     * for one that does not exist ({@link #notTheirs}), so that trying ids tells an outsider nothing.
     */
    public static Optional<Refused> onlyAssigneeDelegateOrQueueMember(Assignment task, EmployeeId delegate,
            EmployeeId decider, Set<String> deciderRoles) {
        boolean assignee = decider.equals(task.assigneeId()) || decider.equals(delegate);
        boolean queueMember = task.queue() != null && deciderRoles.contains(task.queue());
        if (!assignee && !queueMember) {
            return Optional.of(notTheirs(decider));
        }
        return Optional.empty();
    }

    /** What a task that is not the caller's answers, and a task id nobody knows: one refusal for both. */
    public static Refused notTheirs(EmployeeId decider) {
        return Refused.notAllowed("onlyAssigneeDelegateOrQueueMember",
                decider + " is neither the assignee, their delegate nor a member of the task's queue");
    }

    /**
     * Several stages mean several people (ASVS 2.3.5): whoever approved an earlier stage of this round
     * ({@code approvers}) may not approve a later one — a manager holding the IAM or SECURITY role would otherwise
     * approve their stage and then the role's queue task, one person passing two stages. Denying or returning asks for
     * less and stays open to them.
     */
    public static Optional<Refused> oneApprovalPerPerson(EmployeeId decider, Outcome outcome, List<String> approvers) {
        boolean approving = outcome == Outcome.APPROVE || outcome == Outcome.APPROVE_WITH_CONDITIONS;
        if (approving && approvers.contains(decider.value())) {
            return Optional.of(Refused.notAllowed("oneApprovalPerPerson", decider
                    + " approved an earlier stage of this request; another person approves this one"));
        }
        return Optional.empty();
    }

    /** A task is not handed to whoever approved an earlier stage of this round: they could not approve it. */
    public static Optional<Refused> delegateHasNotApproved(EmployeeId delegate, List<String> approvers) {
        if (approvers.contains(delegate.value())) {
            return Optional.of(Refused.notAllowed("oneApprovalPerPerson", delegate
                    + " approved an earlier stage of this request and cannot be this task's delegate"));
        }
        return Optional.empty();
    }

    /** Approving at SECURITY while the policy found prerequisites missing needs an explicit override reason. */
    public static Optional<Refused> missingPrerequisitesNeedAnOverrideReason(Stage stage,
            boolean prerequisitesMissing, Outcome outcome, String overrideReason) {
        boolean approving = outcome == Outcome.APPROVE || outcome == Outcome.APPROVE_WITH_CONDITIONS;
        if (stage == Stage.SECURITY && prerequisitesMissing && approving
                && (overrideReason == null || overrideReason.isBlank())) {
            return Optional.of(Refused.invalid(
                    "missingPrerequisitesNeedAnOverrideReason", "Prerequisites are missing (see the task's"
                    + " findings): approving anyway needs an overrideReason"));
        }
        return Optional.empty();
    }

    /** A task may be handed on by whoever may decide it, with a reason, to someone who may decide it. */
    public static Optional<Refused> delegateMayDecide(EmployeeId delegate, EmployeeId requester,
            EmployeeId beneficiary, String reason) {
        if (delegate.equals(requester) || delegate.equals(beneficiary)) {
            return Optional.of(Refused.notAllowed("delegateMayDecide",
                    delegate + " is party to this request and cannot be its delegate"));
        }
        if (reason == null || reason.isBlank()) {
            return Optional.of(Refused.invalid("delegateMayDecide",
                    "A delegation needs a reason"));
        }
        return Optional.empty();
    }

    /**
     * Where an undecided task goes at its due time: the next manager up the chain (never the requester or the
     * beneficiary), then the IAM queue; an IAM-queue task past its due time has nowhere left to go.
     */
    public static Optional<Assignment> escalate(Assignment current, EmployeeId requester, EmployeeId beneficiary,
            List<EmployeeId> managerChain) {
        if (current.assigneeId() != null) {
            int at = managerChain.indexOf(current.assigneeId());
            for (int i = at + 1; at >= 0 && i < managerChain.size(); i++) {
                EmployeeId next = managerChain.get(i);
                if (!next.equals(requester) && !next.equals(beneficiary)) {
                    return Optional.of(new Assignment(next, null));
                }
            }
            return Optional.of(new Assignment(null, Stage.IAM.name()));
        }
        if (!Stage.IAM.name().equals(current.queue())) {
            return Optional.of(new Assignment(null, Stage.IAM.name()));
        }
        return Optional.empty();
    }

    public static Optional<Refused> reasonRequiredUnlessApprove(Outcome outcome, String reason) {
        if (outcome != Outcome.APPROVE && (reason == null || reason.isBlank())) {
            return Optional.of(Refused.invalid("reasonRequiredUnlessApprove",
                    "A reason is required to " + outcome.name().toLowerCase().replace('_', ' ')));
        }
        return Optional.empty();
    }
}
