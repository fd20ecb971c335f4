package io.accessledger.approval.inbox;

import io.accessledger.approval.cases.ApprovalCase;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.spine.jobs.JobLeases;
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
 * time and escalates tasks past their due time. The case decides what escalation means. It fires on one instance at
 * a time (the spine's {@link JobLeases}): the lease is held for at least nine tenths of the period, so the other
 * instances' timers skip that round; and the case still ignores a reminder or escalation that no longer applies.
 */
@Component
public class DeadlineWatch {
    private static final Logger log = LoggerFactory.getLogger(DeadlineWatch.class);
    private final InboxView inbox;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration reminderLead;
    private final JobLeases leases;
    private final Duration every;

    public DeadlineWatch(InboxView inbox, CommandGateway commands, Clock clock,
            @Value("${accessledger.approval.reminder-lead:P1D}") Duration reminderLead, JobLeases leases,
            @Value("${accessledger.approval.deadline-watch-every:PT1M}") Duration every) {
        this.inbox = inbox;
        this.commands = commands;
        this.clock = clock;
        this.reminderLead = reminderLead;
        this.leases = leases;
        this.every = every;
    }

    @Scheduled(fixedDelayString = "${accessledger.approval.deadline-watch-every:PT1M}",
            initialDelayString = "${accessledger.approval.deadline-watch-initial-delay:PT10S}")
    public void watch() {
        leases.runExclusively("deadline-watch", every.multipliedBy(9).dividedBy(10), every.multipliedBy(10),
                this::remindAndEscalate);
    }

    private void remindAndEscalate() {
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
