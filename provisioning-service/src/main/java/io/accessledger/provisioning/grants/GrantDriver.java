package io.accessledger.provisioning.grants;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.Ids;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.ManualConnector;
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
    private final Function<String, String> grantTargets;

    public GrantDriver(CommandGateway commands, Targets targets, List<Connector> connectors, Clock clock,
            org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.grantTargets = grantId -> jdbc.queryForList("select target from grant_view where grant_id = ?",
                String.class, grantId).stream().findFirst().orElse(null);
        this.commands = commands;
        this.targets = targets;
        this.connectors = connectors.stream().collect(Collectors.toMap(Connector::type, Function.identity()));
        this.clock = clock;
    }

    private void revoke(AccessRevocationRequested r, Envelope envelope) {
        // Whatever happened to the target's configuration since, access must go: without a connector, by hand.
        String target = targetOf(r);
        String type = target == null ? null : targets.typeOf(target);
        Connector connector = connectors.getOrDefault(type == null ? ManualConnector.TYPE : type,
                connectors.get(ManualConnector.TYPE));
        Connector.Result result = connector.revoke(new Assignment(r.grantId(), r.employeeId(), null, null,
                r.entitlement(), null), targets.target(target).orElse(null));
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new Grant.RevokeGrant(r.grantId(),
                r.revocationReason(), r.requestedBy(), result, envelope.id(), clock.instant()))
                .andMetaData(Causation.of(envelope)));
    }

    /** The target the grant was provisioned on, as the grants view recorded it. */
    private String targetOf(AccessRevocationRequested r) {
        return grantTargets.apply(r.grantId().value());
    }

    @Override
    public String name() {
        return "grant-driver";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.APPROVAL, Topic.REVIEW);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessRevocationRequested revocation) {
            revoke(revocation, envelope);
            return;
        }
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
            result = connector.grant(new Assignment(Ids.grantFor(approved.requestId()), approved.beneficiaryId(),
                    null, null, approved.entitlement(), approved.resource().ownerId()), targets.target(target).get());
        }
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new Grant.OpenGrant(
                Ids.grantFor(approved.requestId()), approved.requestId(), approved.beneficiaryId(),
                approved.entitlement(), target, approved.conditions(), approved.reviewCadence(), result, failure,
                envelope.id(), clock.instant())).andMetaData(Causation.of(envelope)));
    }
}
