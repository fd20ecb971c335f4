package io.accessledger.provisioning.notifications;

import io.accessledger.provisioning.directory.PeopleView;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.TaskDelegated;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Stage;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.inbound.PermanentFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The notification channel's intake: approval tasks that were opened, reminded, escalated or delegated become a
 * {@link Notification.SendNotification} for whoever must act now (the assignee, the delegate, the new assignee
 * after an escalation, or the queue's configured address). The command is addressed by the cause's {@code ce_id},
 * so a redelivered event reaches the notification that was already sent. Disabled
 * ({@code accessledger.notifications.enabled=false}), it acknowledges every event and sends nothing.
 */
@Component
public class TaskNotifications implements EventConsumer {
    private static final Logger log = LoggerFactory.getLogger(TaskNotifications.class);

    private final CausedCommands commands;
    private final PeopleView directory;
    private final NotificationProperties properties;
    private final Clock clock;

    public TaskNotifications(CausedCommands commands, PeopleView directory, NotificationProperties properties,
            Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "task-notifications";
    }

    /**
     * Record by record, never a poll in one transaction (the notification's command sends the mail or chat message
     * while it is handled): a poll rolled back for another record
     * would do it a second time for the records of it that had succeeded.
     */
    @Override
    public boolean effectInTransaction() {
        return false;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.APPROVAL);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return properties.enabled() && EventConsumer.isOneOf(type, ApprovalTaskOpened.class, TaskReminded.class,
                TaskEscalated.class, TaskDelegated.class);
    }

    /** What an approval event asks of someone, before it is addressed. */
    record Notice(String template, RequestId requestId, TaskId taskId, Stage stage, Instant dueAt,
            EmployeeId assignee, String queue, Map<String, String> extra) {
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (!properties.enabled()) {
            return;
        }
        Notice notice = noticeOf(event);
        if (notice == null) {
            return;
        }
        if (notice.assignee() == null && notice.queue() == null) {
            log.warn("{} {} names neither an assignee nor a queue: nobody to notify", event.getClass().getSimpleName(),
                    event.eventId());
            return;
        }
        Recipient to = recipient(notice);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("requestId", notice.requestId().value());
        values.put("taskId", notice.taskId().value());
        values.put("stage", notice.stage() == null ? "" : notice.stage().name());
        values.put("dueAt", notice.dueAt() == null ? "" : notice.dueAt().toString());
        values.put("assigneeName", to.name());
        values.put("tasksUrl", properties.tasksUrl());
        values.putAll(notice.extra());
        commands.send(new Notification.SendNotification(Notification.idFor(envelope.id()), notice.template(), to,
                values, envelope.id(), clock.instant()), envelope);
    }

    private Notice noticeOf(DomainEvent event) {
        if (event instanceof ApprovalTaskOpened t) {
            return new Notice(NotificationTemplates.TASK_OPENED, t.requestId(), t.taskId(), t.stage(), t.dueAt(),
                    t.assigneeId(), t.queue(), Map.of());
        } else if (event instanceof TaskReminded t) {
            return new Notice(NotificationTemplates.TASK_REMINDED, t.requestId(), t.taskId(), t.stage(), t.dueAt(),
                    t.assigneeId(), t.queue(), Map.of());
        } else if (event instanceof TaskEscalated t) {
            String from = t.fromAssigneeId() != null ? directory.nameOf(t.fromAssigneeId())
                    : t.fromQueue() != null ? "the " + t.fromQueue() + " queue" : "nobody";
            return new Notice(NotificationTemplates.TASK_ESCALATED, t.requestId(), t.taskId(), t.stage(), t.dueAt(),
                    t.toAssigneeId(), t.toQueue(), Map.of("level", Integer.toString(t.level()), "escalatedFrom", from));
        } else if (event instanceof TaskDelegated t) {
            return new Notice(NotificationTemplates.TASK_DELEGATED, t.requestId(), t.taskId(), t.stage(), null,
                    t.delegateId(), null, Map.of(
                            "delegatorName", t.delegatorId() == null ? "A colleague" : directory.nameOf(t.delegatorId()),
                            "reason", t.reason() == null || t.reason().isBlank() ? "(none given)" : t.reason()));
        }
        return null;
    }

    /**
     * The assignee from the directory — an assignee whose identity event has not arrived yet is waited for (the event
     * is parked until it does: topics are not ordered with each other) — or the queue's configured address, whose
     * absence is a configuration mistake no retry mends (a dead letter, re-driven after the fix).
     */
    private Recipient recipient(Notice notice) {
        if (notice.assignee() != null) {
            return Recipients.person(notice.assignee(), directory);
        }
        return Recipients.queue(notice.queue(), properties).orElseThrow(() -> new PermanentFailure(
                "No address is configured for the " + notice.queue() + " queue (accessledger.notifications.queues."
                        + notice.queue() + "); configure it, restart, then re-drive the dead letter"));
    }
}
