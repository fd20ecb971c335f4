package io.accessledger.provisioning.notifications;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.GrantKeyed;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.inbound.NotYet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells people what they got and what they lost: a grant provisioned, failed, revoked or expired becomes a
 * {@link Notification.SendNotification} to the person and to their manager (a failure also to the IAM queue, which
 * can send it back), stating the access, its conditions, its expiry and its review date. One notification per cause
 * and recipient, so a redelivered or replayed event sends nothing again. The person's address must be known (else
 * the event is retried, then dead-lettered); a manager without a known address is skipped.
 */
@Component
public class GrantNotifications implements EventConsumer {
    private static final Logger log = LoggerFactory.getLogger(GrantNotifications.class);
    private final CausedCommands caused;
    private final CommandGateway commands;
    private final PeopleView people;
    private final NotificationProperties properties;
    private final Clock clock;

    public GrantNotifications(CausedCommands caused, CommandGateway commands, PeopleView people,
            NotificationProperties properties, Clock clock) {
        this.caused = caused;
        this.commands = commands;
        this.people = people;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "grant-notifications";
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
        return Set.of(Topic.PROVISIONING);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return properties.enabled() && EventConsumer.isOneOf(type, AccessProvisioned.class, ProvisioningFailed.class,
                AccessRevoked.class, AccessExpired.class);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (!properties.enabled() || !(event instanceof GrantKeyed grant)) {
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        String template;
        boolean toIam = false;
        if (event instanceof AccessProvisioned p) {
            template = NotificationTemplates.ACCESS_PROVISIONED;
            values.put("target", p.target());
            values.put("conditions", describe(p.conditions()));
            values.put("grantedAt", p.grantedAt().toString());
            values.put("expiresAt", p.expiresAt() == null ? "does not expire" : p.expiresAt().toString());
            values.put("reviewDueAt", p.reviewDueAt() == null ? "" : p.reviewDueAt().toString());
        } else if (event instanceof ProvisioningFailed f) {
            template = NotificationTemplates.PROVISIONING_FAILED;
            values.put("target", f.target());
            values.put("attempts", Integer.toString(f.attempts()));
            values.put("error", f.error() == null ? "" : f.error());
            toIam = true;
        } else if (event instanceof AccessRevoked r) {
            template = NotificationTemplates.ACCESS_REVOKED;
            values.put("target", r.target());
            values.put("reason", r.revocationReason() == null ? "" : reason(r.revocationReason().name()));
            values.put("endedAt", r.occurredAt().toString());
        } else if (event instanceof AccessExpired x) {
            template = NotificationTemplates.ACCESS_EXPIRED;
            values.put("target", x.target());
            values.put("expiresAt", x.expiredAt() == null ? "" : x.expiredAt().toString());
            values.put("endedAt", x.occurredAt().toString());
        } else {
            return;
        }
        values.put("access", grant.entitlement().toString());
        values.put("grantId", grant.grantId().value());
        values.put("requestId", grant.requestId().value());
        send(template, grant.employeeId(), values, envelope.id(), toIam, envelope);
    }

    /**
     * Sends the template about {@code person} to them, their manager and (if asked) the IAM queue; one
     * notification per cause and recipient. Also used by the expiry reminders, whose cause is the grant's expiry.
     */
    void send(String template, EmployeeId person, Map<String, String> values, String causeId, boolean toIam,
            Envelope envelope) {
        PeopleView.Person holder = people.person(person).orElseThrow(() -> new NotYet(
                "the identity (e-mail address) of " + person));
        List<Recipient> recipients = new ArrayList<>();
        recipients.add(Recipient.of(holder));
        if (holder.managerId() != null) {
            people.person(holder.managerId()).map(Recipient::of).ifPresentOrElse(recipients::add,
                    () -> log.info("No e-mail address known for {}, the manager of {}: not told", holder.managerId(),
                            person));
        }
        if (toIam) {
            properties.queueAddress("IAM").map(address -> Recipient.queue("IAM", address)).ifPresent(recipients::add);
        }
        for (Recipient to : recipients) {
            Map<String, String> addressed = new LinkedHashMap<>(values);
            addressed.put("recipientName", to.name());
            addressed.put("personName", holder.name() == null ? person.value() : holder.name());
            String key = to.employeeId() != null ? to.employeeId() : "queue:" + to.queue();
            Notification.SendNotification command = new Notification.SendNotification(
                    Notification.idFor(causeId + "/" + key), template, to, addressed, causeId, clock.instant());
            if (envelope == null) {
                commands.sendAndWait(command); // the expiry reminders: caused by the clock, not by an event
            } else {
                caused.send(command, envelope);
            }
        }
    }

    static String describe(Conditions conditions) {
        if (conditions == null) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (conditions.accessDuration() != null) {
            parts.add("for " + conditions.accessDuration().toDays() + " days from the grant");
        }
        if (Boolean.TRUE.equals(conditions.mfaRequired())) {
            parts.add("MFA required");
        }
        if (Boolean.TRUE.equals(conditions.monitoring())) {
            parts.add("use is monitored");
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    private static String reason(String code) {
        switch (code) {
            case "LEAVER":
                return "the person left the organisation";
            case "MOVER":
                return "the person moved to a role that does not include it";
            case "REVIEW":
                return "an access review decided to remove it";
            case "EXPIRED":
                return "its time ran out";
            default:
                return code.toLowerCase(Locale.ROOT);
        }
    }
}
