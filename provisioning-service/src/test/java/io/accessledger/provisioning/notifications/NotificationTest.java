package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.provisioning.notifications.Notification.NotificationSent;
import io.accessledger.provisioning.notifications.Notification.SendNotification;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class NotificationTest {
    private static final String CAUSE = "00000000-0000-4000-8000-000000000011";
    private static final String ID = Notification.idFor(CAUSE);
    private static final Instant AT = Instant.parse("2026-11-02T09:15:31Z");
    private static final Recipient BRUNO = Recipient.person("E1002", "Bruno Keller", "bruno.keller@example.com");
    private static final String SUBJECT = "[AccessLedger] New approval task T-5b1d0c44 (MANAGER) for request R-7f3c9a2e";

    private final AggregateTestFixture<Notification> fixture = new AggregateTestFixture<>(Notification.class);

    private AggregateTestFixture<Notification> withChannels(NotificationChannel... channels) {
        fixture.registerInjectableResource(new NotificationTemplates());
        fixture.registerInjectableResource(new NotificationChannels(List.of(channels)));
        return fixture;
    }

    private static SendNotification send(String template) {
        return new SendNotification(ID, template, BRUNO, NotificationTemplatesTest.allValues(), CAUSE, AT);
    }

    private static NotificationSent sent(String channel) {
        return new NotificationSent(ID, channel, "bruno.keller@example.com", SUBJECT, CAUSE, AT);
    }

    @Test
    void theFirstSendDeliversOnEveryActiveChannelAndRecordsNotificationSentForEach() {
        RecordingChannel email = RecordingChannel.working("email");
        RecordingChannel chat = RecordingChannel.working("chat");

        withChannels(email, chat).givenNoPriorActivity()
                .when(send(NotificationTemplates.TASK_OPENED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(sent("email"), sent("chat"));

        assertThat(email.sent).singleElement().satisfies(s -> {
            assertThat(s.to()).isEqualTo(BRUNO);
            assertThat(s.message().subject()).isEqualTo(SUBJECT);
            assertThat(s.message().body()).startsWith("Hello Bruno Keller,");
        });
        assertThat(chat.sent).hasSize(1);
    }

    @Test
    void theSameCauseAgainSendsNothingAndRecordsNothing() {
        RecordingChannel email = RecordingChannel.working("email");

        withChannels(email).given(sent("email"))
                .when(send(NotificationTemplates.TASK_OPENED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();

        assertThat(email.sent).isEmpty();
    }

    @Test
    void anInactiveChannelIsSkipped() {
        RecordingChannel email = RecordingChannel.working("email");
        RecordingChannel chat = RecordingChannel.inactive("chat");

        withChannels(email, chat).givenNoPriorActivity()
                .when(send(NotificationTemplates.TASK_OPENED))
                .expectEvents(sent("email"));

        assertThat(chat.sent).isEmpty();
    }

    @Test
    void aFailedSendThrowsAndRecordsNothingSoTheCauseIsRetried() {
        withChannels(RecordingChannel.failing("email", "E-mail to bruno.keller@example.com failed: refused"))
                .givenNoPriorActivity()
                .when(send(NotificationTemplates.TASK_OPENED))
                .expectException(NotificationFailed.class)
                .expectExceptionMessage("E-mail to bruno.keller@example.com failed: refused")
                .expectNoEvents();
    }

    @Test
    void withoutAnyActiveChannelNothingCountsAsSent() {
        withChannels(RecordingChannel.inactive("chat")).givenNoPriorActivity()
                .when(send(NotificationTemplates.TASK_OPENED))
                .expectException(NotificationFailed.class)
                .expectNoEvents();
    }

    @Test
    void aTemplateErrorSendsNothing() {
        RecordingChannel email = RecordingChannel.working("email");

        withChannels(email).givenNoPriorActivity()
                .when(new SendNotification(ID, NotificationTemplates.TASK_OPENED, BRUNO,
                        java.util.Map.of("taskId", "T-1"), CAUSE, AT))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();

        assertThat(email.sent).isEmpty();
    }

    @Test
    void theNotificationIdDerivesFromTheCauseOnly() {
        // N- + the name-based (version 3) UUID of "notification:" + the cause's ce_id, the same on every instance.
        assertThat(Notification.idFor(CAUSE)).isEqualTo("N-303cb8f0-5886-3038-be22-5a9c6c859564");
        assertThat(Notification.idFor(CAUSE)).isNotEqualTo(Notification.idFor("00000000-0000-4000-8000-000000000012"));
    }
}
