package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.provisioning.grants.GrantView;
import io.accessledger.provisioning.grants.MembershipStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The grants that explain a target group's members: the active grants of one entitlement on one target, each with
 * the sign-in name the connectors grant it under (the person's e-mail, from {@link PeopleView}). What a run compares
 * the group with, and what a removal of ungoverned access checks again before it takes a member out (the review that
 * asks for it may come days after the run, and the member may hold a grant by then; that check also counts the
 * grants {@link MembershipStore} says hold the membership, which {@link GrantView} shows only seconds later).
 */
@Component
public class ActiveGrants {
    private final GrantView grants;
    private final PeopleView people;
    private final MembershipStore memberships;

    public ActiveGrants(GrantView grants, PeopleView people, MembershipStore memberships) {
        this.grants = grants;
        this.people = people;
        this.memberships = memberships;
    }

    /** The grants of {@code entitlement} on {@code target} active at {@code at}, with their holders' sign-in names. */
    public List<ReconciliationRules.ActiveGrant> on(String target, Entitlement entitlement, Instant at) {
        return named(grants.activeOn(target, entitlement.toString(), at).stream()
                .map(g -> new MembershipStore.Holder(g.grantId(), g.requestId(), g.employeeId())).toList());
    }

    /**
     * What may not be taken out of the group: the grants {@link #on} answers, and those holding the membership by
     * provisioning's own state — provisioned a moment ago (before {@link GrantView} has them) or being provisioned
     * (their connector call would only put the member back).
     */
    public List<ReconciliationRules.ActiveGrant> governing(String target, Entitlement entitlement, Instant at) {
        List<MembershipStore.Holder> holders = new ArrayList<>(grants.activeOn(target, entitlement.toString(), at)
                .stream().map(g -> new MembershipStore.Holder(g.grantId(), g.requestId(), g.employeeId())).toList());
        java.util.Set<String> seen = holders.stream().map(MembershipStore.Holder::grantId)
                .collect(Collectors.toSet());
        memberships.holding(target, entitlement).stream().filter(h -> !seen.contains(h.grantId()))
                .forEach(holders::add);
        return named(holders);
    }

    private List<ReconciliationRules.ActiveGrant> named(List<MembershipStore.Holder> holders) {
        Map<String, PeopleView.Listed> who = people.listed(holders.stream().map(MembershipStore.Holder::employeeId)
                .collect(Collectors.toSet()));
        return holders.stream().map(g -> new ReconciliationRules.ActiveGrant(g.grantId(), g.requestId(),
                g.employeeId(), Optional.ofNullable(who.get(g.employeeId())).map(PeopleView.Listed::email)
                        .filter(e -> !e.isBlank()).orElse(null))).toList();
    }
}
