package io.accessledger.provisioning.sailpoint;

import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate jdbc;

    public SailPointController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    /** The entitlements: the catalog, plus any still-granted resource:level the catalog does not describe. */
    private static final String ENTITLEMENTS = """
            select e.entitlement, e.resource_id, e.level, e.resource_name, e.target, e.owner_id, e.sensitivity,
                e.privileged, e.in_catalog, e.policy_version from sailpoint_entitlement e
            union all
            select distinct g.entitlement, split_part(g.entitlement, ':', 1), substr(g.entitlement,
                strpos(g.entitlement, ':') + 1), null, g.target, null, null, false, false, null
            from grant_view g where g.status = 'ACTIVE'
                and not exists (select 1 from sailpoint_entitlement e where e.entitlement = g.entitlement)""";

    @GetMapping("/api/v1/integrations/sailpoint/test-connection")
    public Mono<ConnectionTest> testConnection(Authentication authentication) {
        Caller caller = reader(authentication);
        return Blocking.call(() -> new ConnectionTest("UP", caller.employeeId().value(), accountCount(),
                jdbc.queryForObject("select count(*) from (" + ENTITLEMENTS + ") all_entitlements", Integer.class)));
    }

    @GetMapping("/api/v1/integrations/sailpoint/accounts")
    public Mono<AccountPage> accounts(@RequestParam(required = false) String offset,
            @RequestParam(required = false) String limit, Authentication authentication) {
        reader(authentication);
        Paging page = Paging.of(offset, limit);
        return Blocking.call(() -> {
            int total = accountCount();
            List<String> ids = jdbc.queryForList("select distinct employee_id from grant_view order by employee_id"
                    + " offset ? limit ?", String.class, page.offset(), page.limit());
            return new AccountPage(total, page.offset(), page.limit(), page.nextOffset(total), accounts(ids));
        });
    }

    /** Get Object: one account by its native identity (the employee id). */
    @GetMapping("/api/v1/integrations/sailpoint/accounts/{id}")
    public Mono<Account> account(@PathVariable String id, Authentication authentication) {
        reader(authentication);
        return Blocking.call(() -> {
            List<Account> found = jdbc.queryForList("select 1 from grant_view where employee_id = ? limit 1", id)
                    .isEmpty() ? List.of() : accounts(List.of(id));
            if (found.isEmpty()) {
                throw ApiProblem.notFound("Account " + id);
            }
            return found.get(0);
        });
    }

    @GetMapping("/api/v1/integrations/sailpoint/entitlements")
    public Mono<EntitlementPage> entitlements(@RequestParam(required = false) String offset,
            @RequestParam(required = false) String limit, Authentication authentication) {
        reader(authentication);
        Paging page = Paging.of(offset, limit);
        return Blocking.call(() -> {
            int total = jdbc.queryForObject("select count(*) from (" + ENTITLEMENTS + ") all_entitlements",
                    Integer.class);
            List<CatalogEntitlement> entitlements = jdbc.query("select * from (" + ENTITLEMENTS
                    + ") all_entitlements order by entitlement offset ? limit ?", SailPointController::entitlement,
                    page.offset(), page.limit());
            return new EntitlementPage(total, page.offset(), page.limit(), page.nextOffset(total), entitlements);
        });
    }

    private static Caller reader(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.has(READER)) {
            throw ApiProblem.forbidden("Only the " + READER + " role reads the SailPoint aggregation endpoints");
        }
        return caller;
    }

    private int accountCount() {
        return jdbc.queryForObject("select count(distinct employee_id) from grant_view", Integer.class);
    }

    /** The accounts of these people, in this order, with their ACTIVE grants. */
    private List<Account> accounts(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(ids.size(), "?"));
        Map<String, String[]> people = new LinkedHashMap<>();
        jdbc.query("select employee_id, name, email, status from notification_recipient where employee_id in ("
                + in + ")", (ResultSet row) -> {
                    people.put(row.getString("employee_id"), new String[] {row.getString("name"),
                            row.getString("email"), row.getString("status")});
                }, ids.toArray());
        Map<String, List<AccountGrant>> grants = new LinkedHashMap<>();
        jdbc.query("select employee_id, entitlement, grant_id, request_id, target, granted_at, expires_at,"
                + " review_due_at from grant_view where status = 'ACTIVE' and employee_id in (" + in + ")"
                + " order by employee_id, entitlement, grant_id", (ResultSet row) -> {
                    grants.computeIfAbsent(row.getString("employee_id"), k -> new ArrayList<>()).add(
                            new AccountGrant(row.getString("entitlement"), row.getString("grant_id"),
                                    row.getString("request_id"), row.getString("target"),
                                    instant(row.getTimestamp("granted_at")), instant(row.getTimestamp("expires_at")),
                                    instant(row.getTimestamp("review_due_at"))));
                }, ids.toArray());
        List<Account> accounts = new ArrayList<>();
        for (String id : ids) {
            String[] person = people.getOrDefault(id, new String[3]);
            List<AccountGrant> held = grants.getOrDefault(id, List.of());
            Set<String> entitlements = new LinkedHashSet<>();
            held.forEach(grant -> entitlements.add(grant.entitlement()));
            accounts.add(new Account(id, person[0], person[1], person[2], List.copyOf(entitlements), held));
        }
        return accounts;
    }

    private static CatalogEntitlement entitlement(ResultSet row, int n) throws SQLException {
        String resourceName = row.getString("resource_name");
        String level = row.getString("level");
        return new CatalogEntitlement(row.getString("entitlement"),
                resourceName == null ? row.getString("entitlement") : resourceName + " (" + level + ")",
                row.getString("resource_id"), resourceName, level, row.getString("target"),
                row.getString("owner_id"), row.getString("sensitivity"), row.getBoolean("privileged"),
                row.getBoolean("in_catalog"), row.getString("policy_version"));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
