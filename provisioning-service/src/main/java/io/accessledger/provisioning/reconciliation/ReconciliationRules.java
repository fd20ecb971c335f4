package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.ids.Ids;
import io.accessledger.provisioning.connectors.Connector.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a reconciliation decides, as pure functions: who in a target group no active grant explains, which active
 * grant's member is missing, and the name of a finding.
 */
public final class ReconciliationRules {
    private ReconciliationRules() {
    }

    /**
     * An active grant on the target, with the sign-in name the connectors grant it under ({@code login}: the
     * person's e-mail, SCIM {@code userName}, Okta login, Entra UPN); null when the directory knows none.
     */
    public record ActiveGrant(String grantId, String requestId, String employeeId, String login) {
    }

    /**
     * One group compared: members no grant explains ({@code ungoverned}), of which the resource owner already kept
     * some ({@code accepted}, reported as such, not found again), and grants whose member is missing
     * ({@code drifted}).
     */
    public record Comparison(List<Member> ungoverned, List<Member> accepted, List<ActiveGrant> drifted) {
    }

    /** The finding's id: the same (target, group, member) is the same finding in every run that finds it. */
    public static String findingId(String target, String group, String memberId) {
        return "F-" + Ids.nameBased("ungoverned/" + target + "/" + group + "/" + memberId);
    }

    /**
     * Members and grants matched by sign-in name, ignoring case (targets compare logins without case). A member
     * whose finding was accepted counts as accepted, not as ungoverned.
     */
    public static Comparison compare(String target, String group, Collection<Member> members,
            Collection<ActiveGrant> grants, Set<String> acceptedFindings) {
        Map<String, Member> byLogin = members.stream().filter(m -> m.userName() != null).collect(Collectors.toMap(
                m -> key(m.userName()), Function.identity(), (a, b) -> a));
        Set<String> granted = grants.stream().map(ActiveGrant::login).filter(l -> l != null).map(
                ReconciliationRules::key).collect(Collectors.toSet());
        List<Member> ungoverned = new ArrayList<>();
        List<Member> accepted = new ArrayList<>();
        for (Member member : members) {
            if (member.userName() != null && granted.contains(key(member.userName()))) {
                continue;
            }
            if (acceptedFindings.contains(findingId(target, group, member.targetId()))) {
                accepted.add(member);
            } else {
                ungoverned.add(member);
            }
        }
        List<ActiveGrant> drifted = grants.stream().filter(g -> g.login() == null
                || !byLogin.containsKey(key(g.login()))).toList();
        return new Comparison(ungoverned, accepted, drifted);
    }

    /**
     * The active grant that explains {@code member} — one granted under the member's sign-in name, ignoring case, as
     * {@link #compare} matches them — if one does; none for a member whose sign-in name is not known.
     */
    public static Optional<ActiveGrant> governing(Member member, Collection<ActiveGrant> grants) {
        if (member.userName() == null) {
            return Optional.empty();
        }
        String login = key(member.userName());
        return grants.stream().filter(g -> g.login() != null && key(g.login()).equals(login)).findFirst();
    }

    /** A scheduled target is due when it never ran, or its last run started at least {@code every} ago. */
    public static boolean due(Instant lastStart, Duration every, Instant now) {
        return lastStart == null || !lastStart.plus(every).isAfter(now);
    }

    private static String key(String login) {
        return login.trim().toLowerCase(Locale.ROOT);
    }
}
