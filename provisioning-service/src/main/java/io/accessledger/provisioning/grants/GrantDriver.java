package io.accessledger.provisioning.grants;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.Ids;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.Targets;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** Turns every approval into a grant, through the connector of the resource's target. */
@Component
public class GrantDriver implements EventConsumer {
    private final CommandGateway commands;
    private final Targets targets;
    private final Map<String, Connector> connectors;
    private final Clock clock;

    public GrantDriver(CommandGateway commands, Targets targets, List<Connector> connectors, Clock clock) {
        this.commands = commands;
        this.targets = targets;
        this.connectors = connectors.stream().collect(Collectors.toMap(Connector::type, Function.identity()));
        this.clock = clock;
    }

    @Override
    public String name() {
        return "grant-driver";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.APPROVAL);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (!(event instanceof AccessApproved approved)) {
            return;
        }
        String target = approved.resource().target();
        String type = targets.typeOf(target);
        Connector connector = type == null ? null : connectors.get(type);
        Connector.Result result = null;
        String failure = null;
        if (connector == null) {
            failure = type == null ? "No provisioning target '" + target + "' is configured"
                    : "No connector for target type '" + type + "' (target '" + target + "')";
        } else {
            result = connector.grant(Ids.grantFor(approved.requestId()), approved.beneficiaryId(),
                    approved.entitlement(), target, approved.resource().ownerId());
        }
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new Grant.OpenGrant(
                Ids.grantFor(approved.requestId()), approved.requestId(), approved.beneficiaryId(),
                approved.entitlement(), target, approved.conditions(), approved.reviewCadence(), result, failure,
                envelope.id(), clock.instant())).andMetaData(Causation.of(envelope)));
    }
}
