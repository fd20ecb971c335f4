package io.accessledger.approval.inbox;

import io.accessledger.approval.cases.ApprovalCase;
import io.accessledger.spine.commands.NewIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The due-work watch: every minute (by the injected clock) it reminds the assignees of tasks due within the lead
 * time and escalates tasks past their due time. The case decides what escalation means; repeated or concurrent
 * watches (several instances) are harmless, because the case ignores a reminder or escalation that no longer applies.
 */
@Component
public class DeadlineWatch {
    private static final Logger log = LoggerFactory.getLogger(DeadlineWatch.class);
    private final InboxView inbox;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration reminderLead;

    public DeadlineWatch(InboxView inbox, CommandGateway commands, Clock clock,
            @Value("${accessledger.approval.reminder-lead:P1D}") Duration reminderLead) {
        this.inbox = inbox;
        this.commands = commands;
        this.clock = clock;
        this.reminderLead = reminderLead;
    }

    @Scheduled(fixedDelayString = "${accessledger.approval.deadline-watch-every:PT1M}",
            initialDelayString = "${accessledger.approval.deadline-watch-initial-delay:PT10S}")
    public void watch() {
        Instant now = clock.instant();
        inbox.forEachOverdue(now, due -> send(new ApprovalCase.EscalateTask(due.requestId(), due.taskId(),
                NewIds.commandId(), now)));
        inbox.forEachDueSoon(now, now.plus(reminderLead), due -> send(new ApprovalCase.RemindTask(due.requestId(),
                due.taskId(), NewIds.commandId(), now)));
    }

    private void send(Object command) {
        try {
            commands.sendAndWait(command);
        } catch (RuntimeException e) {
            log.warn("Deadline watch could not apply {}: {}", command, e.getMessage());
        }
    }
}
