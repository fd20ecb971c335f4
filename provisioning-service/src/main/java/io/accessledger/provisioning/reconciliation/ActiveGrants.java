package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.provisioning.grants.GrantView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The grants that explain a target group's members: the active grants of one entitlement on one target, each with
 * the sign-in name the connectors grant it under (the person's e-mail, from {@link PeopleView}). What a run compares
 * the group with, and what a removal of ungoverned access checks again before it takes a member out (the review that
 * asks for it may come days after the run, and the member may hold a grant by then).
 */
@Component
public class ActiveGrants {
    private final GrantView grants;
    private final PeopleView people;

    public ActiveGrants(GrantView grants, PeopleView people) {
        this.grants = grants;
        this.people = people;
    }

    /** The grants of {@code entitlement} on {@code target} active at {@code at}, with their holders' sign-in names. */
    public List<ReconciliationRules.ActiveGrant> on(String target, Entitlement entitlement, Instant at) {
        List<GrantView.Listed> active = grants.activeOn(target, entitlement.toString(), at);
        Map<String, PeopleView.Listed> who = people.listed(active.stream().map(GrantView.Listed::employeeId)
                .collect(Collectors.toSet()));
        return active.stream().map(g -> new ReconciliationRules.ActiveGrant(g.grantId(), g.requestId(),
                g.employeeId(), Optional.ofNullable(who.get(g.employeeId())).map(PeopleView.Listed::email)
                        .filter(e -> !e.isBlank()).orElse(null))).toList();
    }
}
