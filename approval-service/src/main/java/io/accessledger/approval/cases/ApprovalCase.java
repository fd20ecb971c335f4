package io.accessledger.approval.cases;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.ManagerApproved;
import io.accessledger.events.approval.ManagerRejected;
import io.accessledger.events.approval.RevisionRequested;
import io.accessledger.events.approval.StageApproved;
import io.accessledger.events.approval.TaskDelegated;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval of one request: the process manager that opens one task per required stage, in order, and ends with
 * exactly one {@code AccessApproved} or {@code AccessDenied} (or {@code RevisionRequested}, after which a new
 * evaluation restarts the stages). It starts once it knows both the request and the policy's verdict, whichever
 * arrives first. Ids and times come in with the commands; event ids derive from the command id.
 */
@Aggregate
public class ApprovalCase {
    static final String NO_DECISION = "No decision before the deadline, after escalation to the IAM queue";
    private static final Logger log = LoggerFactory.getLogger(ApprovalCase.class);

    @AggregateIdentifier
    private RequestId requestId;
    private EmployeeId requesterId;
    private EmployeeId beneficiaryId;
    private List<EmployeeId> managerChain = List.of();
    private Duration requestedDuration;
    private PolicyEvaluated evaluation;
    /**
     * How long each task may wait for a decision: the policy version's {@code approval.taskDueAfter}, as the
     * evaluation applied carries it. An evaluation recorded before the field travelled reads with the policy
     * document's default ({@code PolicyEvaluated}'s constructor applies it), so the case keeps no default of its own.
     */
    private Duration taskDueAfter;
    private List<Stage> remaining = new ArrayList<>();
    private TaskId openTask;
    /**
     * Who holds each task the case opened, open or not: its last assignment and delegate. A decision or delegation
     * is first its holders' business, so that anyone else learns nothing of a task (not even that it was decided).
     */
    private final Map<TaskId, Holders> holders = new HashMap<>();
    private Stage openStage;
    private Instant openDueAt;
    private boolean reminded;
    private int escalations;
    private int round;
    private boolean started;
    private boolean returned;
    private boolean closed;
    private Conditions conditions = Conditions.NONE;
    private final List<String> approvers = new ArrayList<>();

    protected ApprovalCase() {
    }

    /** {@code requestedDuration}: how long the requester asked for; it bounds the grant like any condition. */
    public record OpenCase(@TargetAggregateIdentifier RequestId requestId, EmployeeId requesterId,
            EmployeeId beneficiaryId, Entitlement entitlement, List<EmployeeId> managerChain, String commandId,
            Instant at, Duration requestedDuration) {
        public OpenCase(RequestId requestId, EmployeeId requesterId, EmployeeId beneficiaryId, Entitlement entitlement,
                List<EmployeeId> managerChain, String commandId, Instant at) {
            this(requestId, requesterId, beneficiaryId, entitlement, managerChain, commandId, at, null);
        }
    }

    public record ApplyEvaluation(@TargetAggregateIdentifier RequestId requestId, PolicyEvaluated evaluation,
            List<EmployeeId> managerChain, String commandId, Instant at) {
    }

    public record DecideTask(@TargetAggregateIdentifier RequestId requestId, TaskId taskId, EmployeeId deciderId,
            Set<String> deciderRoles, Outcome outcome, String reason, Conditions conditions, String overrideReason,
            String commandId, Instant at) {
    }

    public record DelegateTask(@TargetAggregateIdentifier RequestId requestId, TaskId taskId, EmployeeId delegatorId,
            Set<String> delegatorRoles, EmployeeId delegateId, String reason, String commandId, Instant at) {
    }

    /** From the deadline watch: remind the assignee of a task nearing its due time (once). */
    public record RemindTask(@TargetAggregateIdentifier RequestId requestId, TaskId taskId, String commandId,
            Instant at) {
    }

    /** From the deadline watch: a task's due time has passed. */
    public record EscalateTask(@TargetAggregateIdentifier RequestId requestId, TaskId taskId, String commandId,
            Instant at) {
    }

    /**
     * The requester revised the request after a return ({@code RequestRevised}): the duration they now ask for bounds
     * the grant in place of the first one (null: no end asked for). The new verdict names the new entitlement.
     */
    public record ApplyRevision(@TargetAggregateIdentifier RequestId requestId, Duration requestedDuration) {
    }

    /** Recorded in the case (not published): the duration the revised request asks for. */
    public record CaseRevised(RequestId requestId, Duration requestedDuration) {
    }

    /** The requester withdrew the request: the case closes without a decision. */
    public record CloseWithdrawn(@TargetAggregateIdentifier RequestId requestId, Instant at) {
    }

    /** Recorded in the case (not published): it closed because the request was withdrawn. */
    public record CaseWithdrawn(RequestId requestId, Instant at) {
    }

    /** Recorded in the case (not published): what it knows of the request before the policy's verdict. */
    public record CaseOpened(RequestId requestId, EmployeeId requesterId, EmployeeId beneficiaryId,
            List<EmployeeId> managerChain, Instant at, Duration requestedDuration) {
        public CaseOpened(RequestId requestId, EmployeeId requesterId, EmployeeId beneficiaryId,
                List<EmployeeId> managerChain, Instant at) {
            this(requestId, requesterId, beneficiaryId, managerChain, at, null);
        }
    }

    /** Recorded in the case (not published): the verdict it routes by. */
    public record EvaluationReceived(RequestId requestId, PolicyEvaluated evaluation, List<EmployeeId> managerChain) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenCase c) {
        if (requesterId != null) {
            return;
        }
        apply(new CaseOpened(c.requestId(), c.requesterId(), c.beneficiaryId(), c.managerChain(), c.at(),
                c.requestedDuration()));
        startIfReady(new Ids(c.commandId()), c.at());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ApplyEvaluation c) {
        if (closed || (started && !returned)) {
            return;
        }
        apply(new EvaluationReceived(c.requestId(), c.evaluation(), c.managerChain()));
        startIfReady(new Ids(c.commandId()), c.at());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CloseWithdrawn c) {
        if (!closed) {
            apply(new CaseWithdrawn(c.requestId(), c.at()));
        }
    }

    /**
     * Whatever the order of the revision and its verdict (two topics), it is known before anyone decides the new
     * round's task, which only the verdict opens.
     */
    @CommandHandler
    public void handle(ApplyRevision c) {
        if (!closed) {
            apply(new CaseRevised(c.requestId(), c.requestedDuration()));
        }
    }

    @CommandHandler
    public void handle(DecideTask c) {
        Optional<Refused> notTheirs = mayNotAct(c.taskId(), c.deciderId(), c.deciderRoles());
        if (notTheirs.isPresent()) {
            throw refused(c, notTheirs.get());
        }
        if (!isOpen(c.taskId())) {
            throw refused(c, taskMustBeOpen(c.taskId()));
        }
        Optional<Refused> refusal = Stream.of(
                        ApprovalRules.oneApprovalPerPerson(c.deciderId(), c.outcome(), approvers),
                        ApprovalRules.reasonRequiredUnlessApprove(c.outcome(), c.reason()),
                        ApprovalRules.missingPrerequisitesNeedAnOverrideReason(openStage, prerequisitesMissing(),
                                c.outcome(), c.overrideReason()))
                .flatMap(Optional::stream).findFirst();
        if (refusal.isPresent()) {
            throw refused(c, refusal.get());
        }
        Ids ids = new Ids(c.commandId());
        switch (c.outcome()) {
            case APPROVE, APPROVE_WITH_CONDITIONS -> {
                Conditions given = c.outcome() == Outcome.APPROVE ? null : c.conditions();
                if (openStage == Stage.MANAGER) {
                    apply(new ManagerApproved(ids.next(), requestId, openTask, c.deciderId(), c.reason(), given,
                            c.at()));
                } else {
                    apply(new StageApproved(ids.next(), requestId, openTask, openStage, c.deciderId(), c.reason(),
                            given, c.overrideReason(), c.at()));
                }
                openNextOrApprove(ids, c.at());
            }
            case DENY -> {
                if (openStage == Stage.MANAGER) {
                    apply(new ManagerRejected(ids.next(), requestId, openTask, c.deciderId(), c.reason(), c.at()));
                }
                apply(new AccessDenied(ids.next(), requestId, openStage, c.deciderId(), c.reason(), c.at()));
            }
            case RETURN -> apply(new RevisionRequested(ids.next(), requestId, openTask, openStage, c.deciderId(),
                    c.reason(), c.at()));
        }
    }

    @CommandHandler
    public void handle(DelegateTask c) {
        Optional<Refused> refusal = mayNotAct(c.taskId(), c.delegatorId(), c.delegatorRoles())
                .or(() -> isOpen(c.taskId()) ? Optional.empty() : Optional.of(taskMustBeOpen(c.taskId())))
                .or(() -> ApprovalRules.delegateMayDecide(c.delegateId(), requesterId, beneficiaryId, c.reason()))
                .or(() -> ApprovalRules.delegateHasNotApproved(c.delegateId(), approvers));
        if (refusal.isPresent()) {
            log.warn("Refused delegation of task {} by {} to {}: {}", c.taskId(), c.delegatorId(), c.delegateId(),
                    refusal.get().getMessage());
            throw refusal.get();
        }
        apply(new TaskDelegated(new Ids(c.commandId()).next(), requestId, openTask, openStage, c.delegatorId(),
                c.delegateId(), c.reason(), c.at()));
    }

    @CommandHandler
    public void handle(RemindTask c) {
        if (closed || openTask == null || !openTask.equals(c.taskId()) || reminded) {
            return;
        }
        apply(new TaskReminded(new Ids(c.commandId()).next(), requestId, openTask, openStage,
                openDelegate() != null ? openDelegate() : openAssignment().assigneeId(), openAssignment().queue(),
                openDueAt,
                c.at()));
    }

    @CommandHandler
    public void handle(EscalateTask c) {
        if (closed || openTask == null || !openTask.equals(c.taskId()) || c.at().isBefore(openDueAt)) {
            return;
        }
        Ids ids = new Ids(c.commandId());
        ApprovalRules.Assignment current = openAssignment();
        Optional<ApprovalRules.Assignment> next = ApprovalRules.escalate(current, requesterId, beneficiaryId,
                managerChain);
        if (next.isPresent()) {
            apply(new TaskEscalated(ids.next(), requestId, openTask, openStage, current.assigneeId(),
                    current.queue(), next.get().assigneeId(), next.get().queue(), escalations + 1,
                    c.at().plus(taskDueAfter), c.at()));
        } else {
            apply(new AccessDenied(ids.next(), requestId, openStage, null, NO_DECISION, c.at()));
        }
    }

    /**
     * Why this caller may not decide or hand on this task, whatever its state: a party to the request, or someone who
     * neither holds it (its assignee, their delegate, a member of its queue) nor held it last when it closed. A task
     * the case never opened answers the same as someone else's.
     */
    private Optional<Refused> mayNotAct(TaskId task, EmployeeId caller, Set<String> roles) {
        Holders held = holders.getOrDefault(task, Holders.NOBODY);
        return ApprovalRules.nobodyApprovesTheirOwnRequest(caller, requesterId, beneficiaryId)
                .or(() -> ApprovalRules.onlyAssigneeDelegateOrQueueMember(held.assignment(), held.delegate(), caller,
                        roles));
    }

    private boolean isOpen(TaskId task) {
        return !closed && openTask != null && openTask.equals(task);
    }

    private static Refused taskMustBeOpen(TaskId task) {
        return Refused.closed("taskMustBeOpen", "Task " + task + " is not open: it was decided or superseded");
    }

    private ApprovalRules.Assignment openAssignment() {
        return holders.get(openTask).assignment();
    }

    private EmployeeId openDelegate() {
        return holders.get(openTask).delegate();
    }

    /** A task's last assignment and delegate. */
    private record Holders(ApprovalRules.Assignment assignment, EmployeeId delegate) {
        static final Holders NOBODY = new Holders(new ApprovalRules.Assignment(null, null), null);
    }

    private boolean prerequisitesMissing() {
        return evaluation != null && evaluation.findings().stream()
                .anyMatch(finding -> "prerequisitesMissing".equals(finding.rule()));
    }

    private Refused refused(DecideTask c, Refused refusal) {
        log.warn("Refused decision {} by {} (roles {}) on task {} of request {}: {} ({})", c.outcome(),
                c.deciderId(), c.deciderRoles(), c.taskId(), c.requestId(), refusal.getMessage(), refusal.rule());
        return refusal;
    }

    private void startIfReady(Ids ids, Instant at) {
        if (requesterId == null || evaluation == null) {
            return;
        }
        if (evaluation.autoApprovable() && round == 0) {
            approve(ids, at, List.of("policy v" + evaluation.policyVersion()));
            return;
        }
        openNextOrApprove(ids, at);
    }

    private void openNextOrApprove(Ids ids, Instant at) {
        if (remaining.isEmpty()) {
            approve(ids, at, List.copyOf(approvers));
            return;
        }
        Stage stage = remaining.get(0);
        ApprovalRules.Assignment assignment = ApprovalRules.assign(stage, requesterId, beneficiaryId, managerChain,
                evaluation.resource() == null ? null : evaluation.resource().ownerId(), approvers);
        TaskId task = TaskId.of("T-" + io.accessledger.events.ids.Ids.nameBased(requestId + "/" + round + "/" + stage));
        apply(new ApprovalTaskOpened(ids.next(), requestId, task, stage, assignment.assigneeId(), assignment.queue(),
                at.plus(taskDueAfter), at));
    }

    /**
     * The grant's conditions: what the approvers set, bounded by what was asked for and by the resource's maximum
     * (the shortest wins), so time-limited access can never become permanent by omission.
     */
    private void approve(Ids ids, Instant at, List<String> approvedBy) {
        Conditions bounded = conditions.mergedWith(new Conditions(requestedDuration, null, null))
                .mergedWith(new Conditions(evaluation.maxDuration(), null, null));
        apply(new AccessApproved(ids.next(), requestId, evaluation.beneficiaryId(), evaluation.entitlement(),
                evaluation.resource(), bounded, approvedBy, evaluation.policyVersion(),
                evaluation.reviewCadence(), at));
    }

    @EventSourcingHandler
    void on(CaseOpened e) {
        requestedDuration = e.requestedDuration();
        requestId = e.requestId();
        requesterId = e.requesterId();
        beneficiaryId = e.beneficiaryId();
        managerChain = e.managerChain();
    }

    @EventSourcingHandler
    void on(CaseRevised e) {
        requestedDuration = e.requestedDuration();
    }

    @EventSourcingHandler
    void on(EvaluationReceived e) {
        requestId = e.requestId();
        evaluation = e.evaluation();
        taskDueAfter = e.evaluation().taskDueAfter();
        if (!e.managerChain().isEmpty()) {
            managerChain = e.managerChain();
        }
        remaining = new ArrayList<>(e.evaluation().requiredStages());
        if (returned) {
            round++;
            returned = false;
            conditions = Conditions.NONE;
            approvers.clear();
        }
    }

    @EventSourcingHandler
    void on(ApprovalTaskOpened e) {
        started = true;
        openTask = e.taskId();
        openStage = e.stage();
        holders.put(e.taskId(), new Holders(new ApprovalRules.Assignment(e.assigneeId(), e.queue()), null));
        openDueAt = e.dueAt();
        reminded = false;
        escalations = 0;
        remaining.remove(e.stage());
    }

    @EventSourcingHandler
    void on(TaskDelegated e) {
        holders.computeIfPresent(e.taskId(), (task, held) -> new Holders(held.assignment(), e.delegateId()));
    }

    @EventSourcingHandler
    void on(TaskReminded e) {
        reminded = true;
    }

    @EventSourcingHandler
    void on(TaskEscalated e) {
        holders.put(e.taskId(), new Holders(new ApprovalRules.Assignment(e.toAssigneeId(), e.toQueue()), null));
        openDueAt = e.dueAt();
        reminded = false;
        escalations = e.level();
    }

    @EventSourcingHandler
    void on(ManagerApproved e) {
        stageApproved(e.approverId(), e.conditions());
    }

    @EventSourcingHandler
    void on(StageApproved e) {
        stageApproved(e.approverId(), e.conditions());
    }

    private void stageApproved(EmployeeId approver, Conditions given) {
        approvers.add(approver.value());
        conditions = conditions.mergedWith(given);
        openTask = null;
    }

    @EventSourcingHandler
    void on(RevisionRequested e) {
        openTask = null;
        returned = true;
    }

    @EventSourcingHandler
    void on(AccessApproved e) {
        started = true;
        closed = true;
        openTask = null;
    }

    @EventSourcingHandler
    void on(CaseWithdrawn e) {
        requestId = e.requestId();
        closed = true;
        openTask = null;
    }

    @EventSourcingHandler
    void on(AccessDenied e) {
        closed = true;
        openTask = null;
    }

    /** Event ids derived from the command id: the same command can never mint different ids. */
    private static final class Ids {
        private final String commandId;
        private int n;

        Ids(String commandId) {
            this.commandId = commandId;
        }

        EventId next() {
            return EventId.of(io.accessledger.events.ids.Ids.nameBased(commandId + "/" + n++));
        }
    }
}
