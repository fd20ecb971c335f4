package io.accessledger.request.intake;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.inbound.EventConsumer;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Releases a request's claim on its entitlement ({@link RequestClaimStore}) once it can lead to no grant — withdrawn,
 * denied, its provisioning failed — or its grant has ended (revoked, expired). A provisioned grant keeps the claim for
 * its whole life: the holdings view answers "already held" once it has the grant, and the claim covers the seconds
 * before. Idempotent: a redelivered end releases nothing more.
 */
@Component
public class RequestClaims implements EventConsumer {
    private final RequestClaimStore claims;

    public RequestClaims(RequestClaimStore claims) {
        this.claims = claims;
    }

    @Override
    public String name() {
        return "request-claims";
    }

    /** Its whole effect is a delete in the handling transaction: its polls are applied whole, in one transaction. */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REQUEST, Topic.APPROVAL, Topic.PROVISIONING);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return EventConsumer.isOneOf(type, RequestWithdrawn.class, AccessDenied.class, ProvisioningFailed.class,
                AccessRevoked.class, AccessExpired.class);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof RequestWithdrawn w) {
            claims.release(w.requestId());
        } else if (event instanceof AccessDenied d) {
            claims.release(d.requestId());
        } else if (event instanceof ProvisioningFailed f) {
            claims.release(f.requestId());
        } else if (event instanceof AccessRevoked r) {
            claims.release(r.requestId());
        } else if (event instanceof AccessExpired x) {
            claims.release(x.requestId());
        }
    }
}
