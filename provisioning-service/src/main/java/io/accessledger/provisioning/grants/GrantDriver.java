package io.accessledger.provisioning.grants;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.Targets;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns every approval into a grant, every revocation request into the grant's revocation, and every withdrawal of a
 * request into its grant's withdrawal (a withdrawal that raced the approval: nothing granted, or taken away again). It calls no target:
 * the grant schedules the connector call, which the {@link ConnectorWorker} makes. An approval for a target that is
 * not configured (or whose type has no connector) fails the grant at once, with the reason.
 */
@Component
public class GrantDriver implements EventConsumer {
    private final CausedCommands commands;
    private final Targets targets;
    private final Set<String> connectorTypes;
    private final Clock clock;

    public GrantDriver(CausedCommands commands, Targets targets, List<Connector> connectors, Clock clock) {
        this.commands = commands;
        this.targets = targets;
        this.connectorTypes = connectors.stream().map(Connector::type).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    @Override
    public String name() {
        return "grant-driver";
    }

    /**
     * Its effect lies in the handling transaction (the grant's command only applies events and queues the connector
     * call in a table (its subscribing handler), the worker woken after the commit; no target is called here): its
     * polls are applied whole, in one transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.APPROVAL, Topic.REVIEW, Topic.REQUEST);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return EventConsumer.isOneOf(type, AccessRevocationRequested.class, AccessApproved.class,
                RequestWithdrawn.class);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        Object command = null;
        if (event instanceof AccessRevocationRequested r) {
            command = new Grant.RevokeGrant(r.grantId(), r.revocationReason(), r.requestedBy(), envelope.id(),
                    clock.instant());
        } else if (event instanceof AccessApproved approved) {
            String target = approved.resource().target();
            String type = targets.typeOf(target);
            String failure = type == null ? "No provisioning target '" + target + "' is configured"
                    : connectorTypes.contains(type) ? null
                    : "No connector for target type '" + type + "' (target '" + target + "')";
            command = new Grant.OpenGrant(Ids.grantFor(approved.requestId()), approved.requestId(),
                    approved.beneficiaryId(), approved.entitlement(), target, approved.conditions(),
                    approved.reviewCadence(), approved.resource().ownerId(), failure, envelope.id(), clock.instant());
        } else if (event instanceof RequestWithdrawn withdrawn) {
            command = new Grant.WithdrawGrant(Ids.grantFor(withdrawn.requestId()), withdrawn.requestId(),
                    withdrawn.withdrawnBy(), envelope.id(), clock.instant());
        }
        if (command != null) {
            commands.send(command, envelope);
        }
    }
}
