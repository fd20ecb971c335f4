package io.accessledger.approval.inbox;

import io.accessledger.approval.cases.ApprovalCase;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.spine.commands.NewIds;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration reminderLead;

    public DeadlineWatch(JdbcTemplate jdbc, CommandGateway commands, Clock clock,
            @Value("${accessledger.approval.reminder-lead:P1D}") Duration reminderLead) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
        this.reminderLead = reminderLead;
    }

    record Due(String requestId, String taskId, Instant dueAt) {
    }

    @Scheduled(fixedDelayString = "${accessledger.approval.deadline-watch-every:PT1M}", initialDelayString = "PT10S")
    public void watch() {
        Instant now = clock.instant();
        for (Due due : open("due_at <= ?", now)) {
            send(new ApprovalCase.EscalateTask(RequestId.of(due.requestId()), TaskId.of(due.taskId()),
                    NewIds.commandId(), now));
        }
        for (Due due : open("due_at > ? and due_at <= ? and reminded_at is null", now, now.plus(reminderLead))) {
            send(new ApprovalCase.RemindTask(RequestId.of(due.requestId()), TaskId.of(due.taskId()),
                    NewIds.commandId(), now));
        }
    }

    private List<Due> open(String condition, Instant... at) {
        Object[] args = java.util.Arrays.stream(at).map(Timestamp::from).toArray();
        return jdbc.query("select request_id, task_id, due_at from inbox_task where status = 'OPEN' and " + condition
                + " order by due_at limit 500", (row, n) -> new Due(row.getString(1), row.getString(2),
                row.getTimestamp(3).toInstant()), args);
    }

    private void send(Object command) {
        try {
            commands.sendAndWait(command);
        } catch (RuntimeException e) {
            log.warn("Deadline watch could not apply {}: {}", command, e.getMessage());
        }
    }
}
