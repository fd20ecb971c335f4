package io.accessledger.provisioning.sailpoint;

import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.provisioning.grants.GrantView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/integrations/sailpoint/**}: AccessLedger as a read-only source that SailPoint Identity Security
 * Cloud aggregates with its Web Services connector (docs/SAILPOINT.md). An account is a person who has held a grant
 * (id = employee id) with the entitlements ({@code resource:level}) now ACTIVE; an entitlement is a
 * {@code resource:level} of the policy catalog, or one still granted that the catalog no longer has. Pages are stable
 * (ordered by id) and say where the next one starts ({@code nextOffset}, null on the last). Only a caller with the
 * AUDITOR role (ISC's service identity) may read; nothing here changes anything.
 */
@RestController
public class SailPointController {
    static final String READER = Caller.AUDITOR;
    private final GrantView grants;
    private final SailPointCatalogView catalog;
    private final PeopleView people;

    public SailPointController(GrantView grants, SailPointCatalogView catalog, PeopleView people) {
        this.grants = grants;
        this.catalog = catalog;
        this.people = people;
    }

    /** One ACTIVE grant of an account: what SailPoint shows beside the entitlement. */
    public record AccountGrant(String entitlement, String grantId, String requestId, String target,
            Instant grantedAt, Instant expiresAt, Instant reviewDueAt) {
    }

    /** An account: {@code status} is the directory's employment status (ACTIVE enables the account in ISC). */
    public record Account(String id, String name, String email, String status, List<String> entitlements,
            List<AccountGrant> grants) {
    }

    public record AccountPage(int total, int offset, int limit, Integer nextOffset, List<Account> accounts) {
    }

    public record CatalogEntitlement(String id, String name, String resourceId, String resourceName, String level,
            String target, String ownerId, String sensitivity, boolean privileged, boolean inCatalog,
            String policyVersion) {
    }

    public record EntitlementPage(int total, int offset, int limit, Integer nextOffset,
            List<CatalogEntitlement> entitlements) {
    }

    public record ConnectionTest(String status, String caller, int accounts, int entitlements) {
    }

    @GetMapping("/api/v1/integrations/sailpoint/test-connection")
    public Mono<ConnectionTest> testConnection(Authentication authentication) {
        Caller caller = reader(authentication);
        return Blocking.call(() -> new ConnectionTest("UP", caller.employeeId().value(), grants.holderCount(),
                entitlements().size()));
    }

    @GetMapping("/api/v1/integrations/sailpoint/accounts")
    public Mono<AccountPage> accounts(@RequestParam(required = false) String offset,
            @RequestParam(required = false) String limit, Authentication authentication) {
        reader(authentication);
        Paging page = Paging.of(offset, limit);
        return Blocking.call(() -> {
            int total = grants.holderCount();
            List<String> ids = grants.holders(page.offset(), page.limit());
            return new AccountPage(total, page.offset(), page.limit(), page.nextOffset(total), accounts(ids));
        });
    }

    /** Get Object: one account by its native identity (the employee id). */
    @GetMapping("/api/v1/integrations/sailpoint/accounts/{id}")
    public Mono<Account> account(@PathVariable String id, Authentication authentication) {
        reader(authentication);
        return Blocking.call(() -> {
            if (!grants.hasHeldAny(id)) {
                throw ApiProblem.notFound("Account " + id);
            }
            return accounts(List.of(id)).get(0);
        });
    }

    @GetMapping("/api/v1/integrations/sailpoint/entitlements")
    public Mono<EntitlementPage> entitlements(@RequestParam(required = false) String offset,
            @RequestParam(required = false) String limit, Authentication authentication) {
        reader(authentication);
        Paging page = Paging.of(offset, limit);
        return Blocking.call(() -> {
            List<CatalogEntitlement> all = entitlements();
            List<CatalogEntitlement> shown = all.subList(Math.min(page.offset(), all.size()),
                    (int) Math.min((long) page.offset() + page.limit(), all.size()));
            return new EntitlementPage(all.size(), page.offset(), page.limit(), page.nextOffset(all.size()),
                    List.copyOf(shown));
        });
    }

    private static Caller reader(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.has(READER)) {
            throw ApiProblem.forbidden("Only the " + READER + " role reads the SailPoint aggregation endpoints");
        }
        return caller;
    }

    /** The entitlements: the catalog, plus any still-granted resource:level the catalog does not describe. */
    private List<CatalogEntitlement> entitlements() {
        Map<String, CatalogEntitlement> all = new LinkedHashMap<>();
        for (SailPointCatalogView.Described d : catalog.all()) {
            all.put(d.entitlement(), new CatalogEntitlement(d.entitlement(), d.resourceName() == null
                    ? d.entitlement() : d.resourceName() + " (" + d.level() + ")", d.resourceId(), d.resourceName(),
                    d.level(), d.target(), d.ownerId(), d.sensitivity(), d.privileged(), d.inCatalog(),
                    d.policyVersion()));
        }
        for (GrantView.HeldEntitlement held : grants.activeEntitlements()) {
            int colon = held.entitlement().indexOf(':');
            all.putIfAbsent(held.entitlement(), new CatalogEntitlement(held.entitlement(), held.entitlement(),
                    held.entitlement().substring(0, Math.max(colon, 0)), null, held.entitlement().substring(colon + 1),
                    held.target(), null, null, false, false, null));
        }
        return all.values().stream().sorted(Comparator.comparing(CatalogEntitlement::id)).toList();
    }

    /** The accounts of these people, in this order, with their ACTIVE grants. */
    private List<Account> accounts(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, PeopleView.Listed> known = people.listed(ids);
        Map<String, List<AccountGrant>> held = new LinkedHashMap<>();
        for (GrantView.Listed grant : grants.activeOf(ids)) {
            held.computeIfAbsent(grant.employeeId(), k -> new ArrayList<>()).add(new AccountGrant(grant.entitlement(),
                    grant.grantId(), grant.requestId(), grant.target(), grant.grantedAt(), grant.expiresAt(),
                    grant.reviewDueAt()));
        }
        List<Account> accounts = new ArrayList<>();
        for (String id : ids) {
            PeopleView.Listed person = known.getOrDefault(id, new PeopleView.Listed(id, null, null, null));
            List<AccountGrant> grantsOf = held.getOrDefault(id, List.of());
            Set<String> entitlements = new LinkedHashSet<>();
            grantsOf.forEach(grant -> entitlements.add(grant.entitlement()));
            accounts.add(new Account(id, person.name(), person.email(), person.status(), List.copyOf(entitlements),
                    grantsOf));
        }
        return accounts;
    }
}
