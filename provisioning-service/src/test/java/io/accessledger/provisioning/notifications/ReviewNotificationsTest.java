package io.accessledger.provisioning.notifications;

import static io.accessledger.provisioning.notifications.NotificationFixtures.BRUNO;
import static io.accessledger.provisioning.notifications.NotificationFixtures.BRUNO_MAIL;
import static io.accessledger.provisioning.notifications.NotificationFixtures.CARLA;
import static io.accessledger.provisioning.notifications.NotificationFixtures.CARLA_MAIL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.review.AccessCertified;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.ReviewDelegated;
import io.accessledger.events.review.ReviewEscalated;
import io.accessledger.events.review.ReviewReminderSent;
import io.accessledger.events.review.UngovernedAccessReviewReminderSent;
import io.accessledger.events.review.UngovernedAccessReviewRequested;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.provisioning.notifications.Notification.SendNotification;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.NotYet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Which review events notify whom, with what, and which of them share one notification. */
class ReviewNotificationsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T09:15:31Z");
    private static final Instant DUE = Instant.parse("2026-12-01T09:15:30Z");
    private static final String CAMPAIGN = "C-2026-q4-sox";
    private static final EmployeeId ALICE = EmployeeId.of("E1001");
    private static final Entitlement EDIT = Entitlement.parse("salesforce:edit");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final PeopleView directory = mock(PeopleView.class);

    @BeforeEach
    void directory() {
        NotificationFixtures.knowsBrunoAndCarla(directory);
        when(directory.nameOf(ALICE)).thenReturn("Alice Moreau");
    }

    private ReviewNotifications consumer(boolean enabled) {
        return new ReviewNotifications(new CausedCommands(commands), directory, NotificationFixtures.withQueues(enabled),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Envelope envelope(DomainEvent event) {
        return new Envelope(event.eventId().value(), "/accessledger/review-scheduler", "t", event.occurredAt(),
                event.subject(), "R-1", "cause-of-" + event.eventId(), null);
    }

    /** What each event asks, each handled by a consumer of its own (one consumer skips the digests it has sent). */
    private List<SendNotification> handled(DomainEvent... events) {
        for (DomainEvent event : events) {
            consumer(true).handle(event, envelope(event));
        }
        @SuppressWarnings("unchecked")
        ArgumentCaptor<CommandMessage<SendNotification>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands, times(events.length)).sendAndWait(sent.capture());
        return sent.getAllValues().stream().map(CommandMessage::getPayload).toList();
    }

    @Test
    void aConsumerDoesNotAskAgainForADigestItHasSentButStillForEachDelegation() {
        ReviewNotifications consumer = consumer(true);
        DomainEvent[] events = {reminder(30, "RI-1", 1, BRUNO, null, 1), reminder(31, "RI-2", 2, BRUNO, null, 1),
                new ReviewDelegated(id(32), "RI-1", CAMPAIGN, GrantId.of("G-1"), RequestId.of("R-1"), ALICE, EDIT,
                        BRUNO, CARLA, null, NOW),
                new ReviewDelegated(id(33), "RI-2", CAMPAIGN, GrantId.of("G-2"), RequestId.of("R-2"), ALICE, EDIT,
                        BRUNO, CARLA, null, NOW)};
        for (DomainEvent event : events) {
            consumer.handle(event, envelope(event));
        }

        verify(commands, times(3)).sendAndWait(any());
    }

    private static EventId id(int n) {
        return EventId.of("00000000-0000-4000-8000-0000000001" + n);
    }

    private static ReviewReminderSent reminder(int event, String item, int grant, EmployeeId reviewer, String group,
            int round) {
        RequestId request = RequestId.of("R-" + grant);
        return new ReviewReminderSent(id(event), item, CAMPAIGN, GrantId.of("G-" + grant), request, ALICE, EDIT,
                reviewer, group, round, DUE, NOW);
    }

    @Test
    void theRemindersOfOneReviewersItemsAreOneNotificationPerRound() {
        List<SendNotification> sent = handled(reminder(11, "RI-1", 1, BRUNO, null, 1),
                reminder(12, "RI-2", 2, BRUNO, null, 1), reminder(13, "RI-1", 1, BRUNO, null, 2));

        assertThat(sent.get(0).notificationId()).isEqualTo(sent.get(1).notificationId())
                .isNotEqualTo(sent.get(2).notificationId());
        SendNotification first = sent.get(0);
        assertThat(first.template()).isEqualTo("review-reminded");
        assertThat(first.recipient()).isEqualTo(BRUNO_MAIL);
        assertThat(first.causeEventId()).isEqualTo(id(11).value());
        assertThat(first.values()).containsEntry("campaignId", CAMPAIGN).containsEntry("dueAt", DUE.toString())
                .containsEntry("reminder", "1").containsEntry("reviewerName", "Bruno Keller")
                .containsEntry("reviewsUrl", "http://localhost:8085/api/v1/reviews/items");
        new NotificationTemplates().render(first.template(), first.values());
    }

    @Test
    void anotherReviewerOrAnotherCampaignIsAnotherNotification() {
        assertThat(ReviewNotifications.digestOf("reminder", CAMPAIGN, BRUNO, null, "1"))
                .isNotEqualTo(ReviewNotifications.digestOf("reminder", CAMPAIGN, CARLA, null, "1"))
                .isNotEqualTo(ReviewNotifications.digestOf("reminder", "C-other", BRUNO, null, "1"))
                .isNotEqualTo(ReviewNotifications.digestOf("reminder", CAMPAIGN, null, "E1002", "1"))
                .isNotEqualTo(ReviewNotifications.digestOf("escalation", CAMPAIGN, BRUNO, null, "1"));
    }

    @Test
    void aGroupsReminderGoesToTheGroupsQueueAddress() {
        SendNotification command = handled(reminder(14, "RI-3", 3, null, "SECURITY", 1)).get(0);

        assertThat(command.recipient()).isEqualTo(Recipient.queue("SECURITY", "security-team@example.com"));
        verify(directory, never()).person(any());
    }

    @Test
    void aGroupWithoutAnAddressIsNotMailedAndNotADeadLetter() {
        consumer(true).handle(reminder(15, "RI-4", 4, null, "finance-reviewers", 1),
                envelope(reminder(15, "RI-4", 4, null, "finance-reviewers", 1)));

        verifyNoInteractions(commands);
    }

    @Test
    void aReviewerWhoseIdentityHasNotArrivedIsWaitedFor() {
        EmployeeId newcomer = EmployeeId.of("E1099");
        when(directory.person(newcomer)).thenReturn(Optional.empty());

        assertThatThrownBy(() -> consumer(true).handle(reminder(16, "RI-5", 5, newcomer, null, 1),
                envelope(reminder(16, "RI-5", 5, newcomer, null, 1)))).isInstanceOf(NotYet.class)
                .hasMessageContaining("E1099");
    }

    @Test
    void anEscalationGoesToTheNewReviewerOncePerCampaignAndDueTime() {
        Instant later = DUE.plusSeconds(7 * 86_400);
        List<SendNotification> sent = handled(
                new ReviewEscalated(id(17), "RI-1", CAMPAIGN, GrantId.of("G-1"), RequestId.of("R-1"), ALICE, EDIT,
                        BRUNO, CARLA, later, NOW),
                new ReviewEscalated(id(18), "RI-2", CAMPAIGN, GrantId.of("G-2"), RequestId.of("R-2"), ALICE, EDIT,
                        BRUNO, CARLA, later, NOW));

        assertThat(sent.get(0).notificationId()).isEqualTo(sent.get(1).notificationId());
        assertThat(sent.get(0).template()).isEqualTo("review-escalated");
        assertThat(sent.get(0).recipient()).isEqualTo(CARLA_MAIL);
        assertThat(sent.get(0).values()).containsEntry("escalatedFrom", "Bruno Keller")
                .containsEntry("dueAt", later.toString());
        new NotificationTemplates().render(sent.get(0).template(), sent.get(0).values());
    }

    @Test
    void aDelegatedItemGoesToTheDelegateByItself() {
        ReviewDelegated delegated = new ReviewDelegated(id(19), "RI-1", CAMPAIGN, GrantId.of("G-1"),
                RequestId.of("R-1"), ALICE, EDIT, BRUNO, CARLA, "On leave until the 20th.", NOW);

        SendNotification command = handled(delegated).get(0);

        assertThat(command.notificationId()).isEqualTo(Notification.idFor(delegated.eventId().value()));
        assertThat(command.template()).isEqualTo("review-delegated");
        assertThat(command.recipient()).isEqualTo(CARLA_MAIL);
        assertThat(command.values()).containsEntry("delegatorName", "Bruno Keller")
                .containsEntry("personName", "Alice Moreau").containsEntry("access", "salesforce:edit")
                .containsEntry("reason", "On leave until the 20th.");
        new NotificationTemplates().render(command.template(), command.values());
    }

    @Test
    void ungovernedAccessGoesToTheResourceOwnerOrElseTheIamQueueOncePerReconciliation() {
        List<SendNotification> sent = handled(ungoverned(20, "UA-1", "mallory@example.com", BRUNO),
                ungoverned(21, "UA-2", null, BRUNO), ungoverned(22, "UA-3", null, null));

        assertThat(sent.get(0).notificationId()).isEqualTo(sent.get(1).notificationId())
                .isNotEqualTo(sent.get(2).notificationId());
        assertThat(sent).extracting(SendNotification::recipient)
                .containsExactly(BRUNO_MAIL, BRUNO_MAIL, Recipient.queue("IAM", "iam-team@example.com"));
        assertThat(sent).extracting(SendNotification::template).containsOnly("ungoverned-review-requested");
        assertThat(sent.get(0).values()).containsEntry("userName", "mallory@example.com")
                .containsEntry("group", "Salesforce Editors").containsEntry("target", "okta-scim");
        assertThat(sent.get(2).values()).as("no user name: the member's id").containsEntry("userName", "m-UA-3");
        new NotificationTemplates().render(sent.get(2).template(), sent.get(2).values());
    }

    private static UngovernedAccessReviewRequested ungoverned(int event, String item, String userName,
            EmployeeId owner) {
        return new UngovernedAccessReviewRequested(id(event), item, "C-reconciliation-RC-1", "UF-" + item,
                "okta-scim", EDIT, "Salesforce Editors", "m-" + item, userName, null, owner, DUE, NOW);
    }

    @Test
    void theItemsOfACampaignAreOneNotificationPerReviewerAndAGroupsAtItsQueue() {
        List<SendNotification> sent = handled(requested(26, "RI-1", BRUNO, null), requested(27, "RI-2", BRUNO, null),
                requested(28, "RI-3", CARLA, null), requested(29, "RI-4", null, "SECURITY"));

        assertThat(sent.get(0).notificationId()).isEqualTo(sent.get(1).notificationId());
        assertThat(sent.stream().map(SendNotification::notificationId).distinct()).hasSize(3);
        assertThat(sent).extracting(SendNotification::recipient).containsExactly(BRUNO_MAIL, BRUNO_MAIL, CARLA_MAIL,
                Recipient.queue("SECURITY", "security-team@example.com"));
        assertThat(sent.get(0).template()).isEqualTo("review-requested");
        assertThat(sent.get(0).values()).containsEntry("campaignId", CAMPAIGN).containsEntry("dueAt", DUE.toString());
        new NotificationTemplates().render(sent.get(3).template(), sent.get(3).values());
    }

    private static AccessReviewRequested requested(int event, String item, EmployeeId reviewer, String group) {
        return new AccessReviewRequested(id(event), item, CAMPAIGN, GrantId.of("G-" + item), RequestId.of("R-" + item),
                ALICE, EDIT, reviewer, group, DUE, false, NOW);
    }

    @Test
    void theRemindersOfUngovernedAccessAreOneNotificationPerRoundToTheOwnerOrTheIamQueue() {
        List<SendNotification> sent = handled(ungovernedReminder(23, "UA-1", BRUNO), ungovernedReminder(24, "UA-2",
                BRUNO), ungovernedReminder(25, "UA-3", null));

        assertThat(sent.get(0).notificationId()).isEqualTo(sent.get(1).notificationId())
                .isNotEqualTo(sent.get(2).notificationId());
        assertThat(sent).extracting(SendNotification::recipient)
                .containsExactly(BRUNO_MAIL, BRUNO_MAIL, Recipient.queue("IAM", "iam-team@example.com"));
        assertThat(sent.get(0).template()).isEqualTo("review-reminded");
        assertThat(sent.get(0).values()).containsEntry("campaignId", "C-reconciliation-RC-1")
                .containsEntry("reminder", "1");
        new NotificationTemplates().render(sent.get(2).template(), sent.get(2).values());
    }

    private static UngovernedAccessReviewReminderSent ungovernedReminder(int event, String item, EmployeeId owner) {
        return new UngovernedAccessReviewReminderSent(id(event), item, "C-reconciliation-RC-1", "UF-" + item,
                "okta-scim", EDIT, "Salesforce Editors", "m-" + item, null, owner, 1, DUE, NOW);
    }

    @Test
    void otherReviewEventsAndADisabledChannelNotifyNobody() {
        assertThat(consumer(true).handles(AccessCertified.class)).isFalse();
        assertThat(consumer(true).handles(AccessReviewRequested.class)).isTrue();
        assertThat(consumer(false).handles(ReviewReminderSent.class)).isFalse();
        consumer(false).handle(reminder(22, "RI-1", 1, BRUNO, null, 1), envelope(reminder(22, "RI-1", 1, BRUNO, null,
                1)));
        verifyNoInteractions(commands);
    }
}
