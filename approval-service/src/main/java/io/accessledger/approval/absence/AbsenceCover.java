package io.accessledger.approval.absence;

import io.accessledger.approval.cases.ApprovalCase;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.commands.Refused;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Out-of-office cover: when a task is opened for (or escalated to) someone who is away at that moment (the event's
 * own time), hands it to their cover, through the case's ordinary delegation and its rules.
 */
@Component
public class AbsenceCover implements EventConsumer {
    private static final Logger log = LoggerFactory.getLogger(AbsenceCover.class);
    private final AbsenceStore absences;
    private final CausedCommands commands;
    private final Clock clock;

    public AbsenceCover(AbsenceStore absences, CausedCommands commands, Clock clock) {
        this.absences = absences;
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "absence-cover";
    }

    /**
     * Its effect lies in the handling transaction (the absence is read from this service's table and the delegation is
     * a command on the approval case, whose handler only applies events (a refused one records nothing)): its polls are
     * applied whole, in one transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.APPROVAL);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return EventConsumer.isOneOf(type, ApprovalTaskOpened.class, TaskEscalated.class);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof ApprovalTaskOpened opened && opened.assigneeId() != null) {
            cover(opened.requestId(), opened.taskId(), opened.assigneeId(), opened.occurredAt(), envelope);
        } else if (event instanceof TaskEscalated escalated && escalated.toAssigneeId() != null) {
            cover(escalated.requestId(), escalated.taskId(), escalated.toAssigneeId(), escalated.occurredAt(),
                    envelope);
        }
    }

    private void cover(RequestId requestId, TaskId taskId, EmployeeId assignee, Instant at, Envelope cause) {
        absences.at(assignee, at).ifPresent(absence -> {
            String reason = "Out of office until " + absence.until() + (absence.reason() == null
                    || absence.reason().isBlank() ? "" : ": " + absence.reason());
            try {
                commands.send(new ApprovalCase.DelegateTask(requestId, taskId, assignee, Set.of(), absence.coverId(),
                        reason, Ids.nameBased(cause.id() + "/cover"), clock.instant()), cause);
            } catch (Refused refused) {
                // The task moved on, or the cover may not decide this request: the task stays where it is.
                log.info("No out-of-office cover for task {} of {}: {}", taskId, assignee, refused.getMessage());
            }
        });
    }
}
