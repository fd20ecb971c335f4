package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.provisioning.notifications.Notification.SendNotification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import io.accessledger.spine.commands.CausedCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Whom a grant's events tell what: the person and their manager (and IAM of a failure), once per cause. */
class GrantNotificationsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final EmployeeId ALICE = EmployeeId.of("E1001");
    private static final EmployeeId BRUNO = EmployeeId.of("E1002");
    private static final GrantId GRANT = GrantId.of("G-1");
    private static final RequestId REQUEST = RequestId.of("R-1");
    private static final Entitlement SALESFORCE = Entitlement.parse("salesforce:edit");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final PeopleView people = mock(PeopleView.class);

    @BeforeEach
    void directory() {
        when(people.person(ALICE)).thenReturn(Optional.of(new PeopleView.Person(ALICE, "Alice Martin",
                "alice.martin@example.com", BRUNO)));
        when(people.person(BRUNO)).thenReturn(Optional.of(new PeopleView.Person(BRUNO, "Bruno Keller",
                "bruno.keller@example.com", null)));
    }

    private GrantNotifications consumer(boolean enabled) {
        return new GrantNotifications(new CausedCommands(commands), commands, people, new NotificationProperties(enabled, null, null, null,
                Map.of("IAM", "iam-team@example.com"), null, null, null), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Envelope envelope(DomainEvent event) {
        return new Envelope(event.eventId().value(), "/accessledger/provisioning-service", "t", event.occurredAt(),
                event.subject(), REQUEST.value(), null, null);
    }

    private List<SendNotification> sent(DomainEvent event, int count) {
        consumer(true).handle(event, envelope(event));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<CommandMessage<SendNotification>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands, times(count)).sendAndWait(sent.capture());
        return sent.getAllValues().stream().map(CommandMessage::getPayload).toList();
    }

    private static AccessProvisioned provisioned() {
        return new AccessProvisioned(EventId.of("00000000-0000-4000-8000-000000000001"), GRANT, REQUEST, ALICE,
                SALESFORCE, "okta-scim", "scim", "Users/1 in Groups/2", null,
                new Conditions(Duration.ofDays(30), true, null), NOW, NOW.plus(Duration.ofDays(30)),
                NOW.plus(Duration.ofDays(180)), NOW);
    }

    @Test
    void aProvisionedGrantTellsThePersonAndTheirManagerItsConditionsExpiryAndReviewDate() {
        List<SendNotification> sent = sent(provisioned(), 2);

        assertThat(sent).extracting(c -> c.recipient().address())
                .containsExactly("alice.martin@example.com", "bruno.keller@example.com");
        assertThat(sent).extracting(SendNotification::template).containsOnly("access-provisioned");
        Map<String, String> values = sent.get(0).values();
        assertThat(values).containsEntry("access", "salesforce:edit").containsEntry("personName", "Alice Martin")
                .containsEntry("recipientName", "Alice Martin")
                .containsEntry("conditions", "for 30 days from the grant; MFA required")
                .containsEntry("expiresAt", "2026-12-24T10:00:00Z").containsEntry("reviewDueAt", "2027-05-23T10:00:00Z");
        assertThat(sent.get(1).values()).containsEntry("recipientName", "Bruno Keller");
        assertThat(sent.get(0).notificationId()).isNotEqualTo(sent.get(1).notificationId());
    }

    @Test
    void theSameCauseAddressesTheSameNotificationsSoARedeliveryResendsNothing() {
        List<SendNotification> first = sent(provisioned(), 2);
        consumer(true).handle(provisioned(), envelope(provisioned()));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<CommandMessage<SendNotification>> all = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands, times(4)).sendAndWait(all.capture());
        assertThat(all.getAllValues().subList(2, 4)).extracting(m -> m.getPayload().notificationId())
                .containsExactlyElementsOf(first.stream().map(SendNotification::notificationId).toList());
    }

    @Test
    void aFailureAlsoTellsTheIamQueueWithTheTargetsAnswer() {
        List<SendNotification> sent = sent(new ProvisioningFailed(EventId.of("00000000-0000-4000-8000-000000000002"),
                GRANT, REQUEST, ALICE, SALESFORCE, "okta-scim", 10, "503 Service Unavailable", NOW), 3);

        assertThat(sent).extracting(c -> c.recipient().address())
                .containsExactly("alice.martin@example.com", "bruno.keller@example.com", "iam-team@example.com");
        assertThat(sent.get(2).values()).containsEntry("error", "503 Service Unavailable")
                .containsEntry("attempts", "10").containsEntry("recipientName", "IAM team");
    }

    @Test
    void aRevocationSaysWhy() {
        List<SendNotification> sent = sent(new AccessRevoked(EventId.of("00000000-0000-4000-8000-000000000003"),
                GRANT, REQUEST, ALICE, SALESFORCE, "okta-scim", RevocationReason.MOVER, null, NOW), 2);

        assertThat(sent.get(0).template()).isEqualTo("access-revoked");
        assertThat(sent.get(0).values()).containsEntry("reason",
                "the person moved to a role that does not include it");
    }

    @Test
    void aManagerWithoutAKnownAddressIsSkippedButThePersonIsTold() {
        when(people.person(BRUNO)).thenReturn(Optional.empty());

        assertThat(sent(provisioned(), 1)).extracting(c -> c.recipient().address())
                .containsExactly("alice.martin@example.com");
    }

    @Test
    void aPersonWithoutAKnownAddressWaitsForTheirIdentitySoTheEventIsParked() {
        when(people.person(ALICE)).thenReturn(Optional.empty());

        assertThatThrownBy(() -> consumer(true).handle(provisioned(), envelope(provisioned())))
                .isInstanceOf(io.accessledger.spine.inbound.NotYet.class).hasMessageContaining("E1001");
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void disabledNotificationsSendNothing() {
        consumer(false).handle(provisioned(), envelope(provisioned()));
        verify(commands, never()).sendAndWait(any());
    }
}
