package io.accessledger.provisioning.notifications;

import static io.accessledger.provisioning.notifications.NotificationFixtures.BRUNO;
import static io.accessledger.provisioning.notifications.NotificationFixtures.BRUNO_MAIL;
import static io.accessledger.provisioning.notifications.NotificationFixtures.CARLA;
import static io.accessledger.provisioning.notifications.NotificationFixtures.CARLA_MAIL;

import io.accessledger.provisioning.directory.PeopleView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.TaskDelegated;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Stage;
import io.accessledger.provisioning.notifications.Notification.SendNotification;
import io.accessledger.spine.inbound.Causation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import io.accessledger.spine.commands.CausedCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Which approval events notify whom, with what; the sending itself is the {@link Notification}'s. */
class TaskNotificationsTest {
    private static final Instant NOW = Instant.parse("2026-11-02T09:15:31Z");
    private static final Instant DUE = Instant.parse("2026-11-05T09:15:30Z");
    private static final RequestId REQUEST = RequestId.of("R-7f3c9a2e");
    private static final TaskId TASK = TaskId.of("T-5b1d0c44");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final PeopleView directory = mock(PeopleView.class);

    @BeforeEach
    void directory() {
        NotificationFixtures.knowsBrunoAndCarla(directory);
    }

    private TaskNotifications consumer(boolean enabled) {
        return new TaskNotifications(new CausedCommands(commands), directory, NotificationFixtures.withQueues(enabled),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Envelope envelope(DomainEvent event) {
        return new Envelope(event.eventId().value(), "/accessledger/approval-service", "t", event.occurredAt(),
                event.subject(), REQUEST.value(), "cause-of-" + event.eventId(), null);
    }

    private CommandMessage<SendNotification> handled(DomainEvent event) {
        consumer(true).handle(event, envelope(event));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<CommandMessage<SendNotification>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands).sendAndWait(sent.capture());
        return sent.getValue();
    }

    private static EventId id(int n) {
        return EventId.of("00000000-0000-4000-8000-0000000000" + n);
    }

    @Test
    void anOpenedTaskOfAPersonGoesToTheirDirectoryAddressWithAllTheTemplateValues() {
        ApprovalTaskOpened opened = new ApprovalTaskOpened(id(11), REQUEST, TASK, Stage.MANAGER, BRUNO, null, DUE,
                NOW.minusSeconds(1));

        CommandMessage<SendNotification> message = handled(opened);

        SendNotification command = message.getPayload();
        assertThat(command.notificationId()).isEqualTo(Notification.idFor(opened.eventId().value()));
        assertThat(command.template()).isEqualTo("task-opened");
        assertThat(command.recipient()).isEqualTo(BRUNO_MAIL);
        assertThat(command.causeEventId()).isEqualTo(opened.eventId().value());
        assertThat(command.at()).isEqualTo(NOW);
        assertThat(command.values()).containsEntry("requestId", "R-7f3c9a2e").containsEntry("taskId", "T-5b1d0c44")
                .containsEntry("stage", "MANAGER").containsEntry("dueAt", "2026-11-05T09:15:30Z")
                .containsEntry("assigneeName", "Bruno Keller")
                .containsEntry("tasksUrl", "http://localhost:8083/api/v1/approvals/tasks");
        assertThat(message.getMetaData()).containsEntry(Causation.CAUSATION, opened.eventId().value())
                .containsEntry(Causation.CORRELATION, REQUEST.value());
        new NotificationTemplates().render(command.template(), command.values());
    }

    @Test
    void aQueueTaskGoesToTheQueuesConfiguredAddress() {
        SendNotification command = handled(new ApprovalTaskOpened(id(12), REQUEST, TASK, Stage.IAM, null, "IAM", DUE,
                NOW)).getPayload();

        assertThat(command.recipient()).isEqualTo(Recipient.queue("IAM", "iam-team@example.com"));
        assertThat(command.values()).containsEntry("assigneeName", "IAM team");
        verify(directory, never()).person(any());
    }

    @Test
    void aReminderGoesToTheAssignee() {
        SendNotification command = handled(new TaskReminded(id(13), REQUEST, TASK, Stage.MANAGER, BRUNO, null, DUE,
                NOW)).getPayload();

        assertThat(command.template()).isEqualTo("task-reminded");
        assertThat(command.recipient()).isEqualTo(BRUNO_MAIL);
    }

    @Test
    void anEscalationGoesToTheNewAssigneeNotTheOldOne() {
        SendNotification command = handled(new TaskEscalated(id(14), REQUEST, TASK, Stage.MANAGER, BRUNO, null, CARLA,
                null, 1, DUE, NOW)).getPayload();

        assertThat(command.template()).isEqualTo("task-escalated");
        assertThat(command.recipient()).isEqualTo(CARLA_MAIL);
        assertThat(command.values()).containsEntry("level", "1").containsEntry("escalatedFrom", "Bruno Keller");
        new NotificationTemplates().render(command.template(), command.values());
    }

    @Test
    void anEscalationToAQueueGoesToTheQueuesAddress() {
        SendNotification command = handled(new TaskEscalated(id(15), REQUEST, TASK, Stage.MANAGER, CARLA, null, null,
                "SECURITY", 2, DUE, NOW)).getPayload();

        assertThat(command.recipient().address()).isEqualTo("security-team@example.com");
    }

    @Test
    void aDelegationGoesToTheDelegateNamingTheDelegatorAndReason() {
        SendNotification command = handled(new TaskDelegated(id(16), REQUEST, TASK, Stage.MANAGER, BRUNO, CARLA,
                "On holiday until Monday", NOW)).getPayload();

        assertThat(command.template()).isEqualTo("task-delegated");
        assertThat(command.recipient()).isEqualTo(CARLA_MAIL);
        assertThat(command.values()).containsEntry("delegatorName", "Bruno Keller")
                .containsEntry("reason", "On holiday until Monday").containsEntry("dueAt", "");
        new NotificationTemplates().render(command.template(), command.values());
    }

    @Test
    void theSameCauseDeliveredAgainTargetsTheSameNotification() {
        ApprovalTaskOpened opened = new ApprovalTaskOpened(id(17), REQUEST, TASK, Stage.MANAGER, BRUNO, null, DUE, NOW);
        TaskNotifications consumer = consumer(true);
        consumer.handle(opened, envelope(opened));
        consumer.handle(opened, envelope(opened));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<CommandMessage<SendNotification>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands, org.mockito.Mockito.times(2)).sendAndWait(sent.capture());
        assertThat(sent.getAllValues()).extracting(m -> m.getPayload().notificationId()).containsOnly(
                Notification.idFor(opened.eventId().value()));
    }

    @Test
    void disabledItAcknowledgesAndSendsNothing() {
        ApprovalTaskOpened opened = new ApprovalTaskOpened(id(18), REQUEST, TASK, Stage.MANAGER, BRUNO, null, DUE, NOW);

        consumer(false).handle(opened, envelope(opened));

        verifyNoInteractions(commands);
    }

    @Test
    void anAssigneeWithoutAKnownAddressWaitsForTheirIdentitySoTheEventIsParked() {
        EmployeeId stranger = EmployeeId.of("E9999");
        when(directory.person(stranger)).thenReturn(Optional.empty());
        ApprovalTaskOpened opened = new ApprovalTaskOpened(id(19), REQUEST, TASK, Stage.MANAGER, stranger, null, DUE,
                NOW);

        assertThatThrownBy(() -> consumer(true).handle(opened, envelope(opened)))
                .isInstanceOf(io.accessledger.spine.inbound.NotYet.class).hasMessageContaining("E9999");
        verifyNoInteractions(commands);
    }

    @Test
    void aQueueWithoutAnAddressIsADeadLetterNamingTheSetting() {
        ApprovalTaskOpened opened = new ApprovalTaskOpened(id(20), REQUEST, TASK, Stage.COMPLIANCE, null, "COMPLIANCE",
                DUE, NOW);

        assertThatThrownBy(() -> consumer(true).handle(opened, envelope(opened)))
                .isInstanceOf(io.accessledger.spine.inbound.PermanentFailure.class)
                .hasMessageContaining("accessledger.notifications.queues.COMPLIANCE");
        verifyNoInteractions(commands);
    }

    @Test
    void otherApprovalEventsAreIgnored() throws IOException {
        DomainEvent approved = golden("accessledger.approval.access-approved.v1");

        consumer(true).handle(approved, envelope(approved));

        verifyNoInteractions(commands);
    }

    @Test
    void theContractsGoldenTaskOpenedSampleBecomesANotification() throws IOException {
        DomainEvent opened = golden("accessledger.approval.task-opened.v1");

        SendNotification command = handled(opened).getPayload();

        assertThat(command.recipient()).isEqualTo(BRUNO_MAIL);
        assertThat(command.values()).containsEntry("taskId", "T-5b1d0c44");
    }

    private static DomainEvent golden(String ceType) throws IOException {
        try (InputStream in = TaskNotificationsTest.class.getClassLoader()
                .getResourceAsStream("golden/" + ceType + ".json")) {
            assertThat(in).as("golden sample " + ceType).isNotNull();
            return new EventCodec().decode(ceType, in.readAllBytes());
        }
    }
}
