package io.accessledger.provisioning.grants;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import java.util.Optional;

/**
 * What an aggregate fixture's grant learns of the other grants of its membership (the {@link MembershipStore} in the
 * service): none by default; a test names the grant that holds it, or the one removing it.
 */
final class OtherGrants implements Grant.Memberships {
    private GrantId holding;
    private GrantId removing;

    OtherGrants holding(GrantId grant) {
        this.holding = grant;
        return this;
    }

    OtherGrants removing(GrantId grant) {
        this.removing = grant;
        return this;
    }

    @Override
    public Optional<GrantId> heldByAnother(GrantId grant, EmployeeId employee, Entitlement entitlement,
            String target) {
        return Optional.ofNullable(holding);
    }

    @Override
    public Optional<GrantId> removedByAnother(GrantId grant, EmployeeId employee, Entitlement entitlement,
            String target, Instant since) {
        return Optional.ofNullable(removing);
    }
}
