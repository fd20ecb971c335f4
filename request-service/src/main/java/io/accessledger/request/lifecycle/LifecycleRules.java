package io.accessledger.request.lifecycle;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.policy.document.PolicyDocument;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Joiners and movers, as pure functions: which standard-profile items a position brings, the request that asks for
 * each (its name-based id and a justification that explains itself), and the withdrawal of a leaver's requests.
 */
public final class LifecycleRules {
    /** The requester of every birthright and mover request, and who withdraws a leaver's requests. */
    public static final EmployeeId SYSTEM_ACTOR = EmployeeId.of("accessledger-hris");

    private LifecycleRules() {
    }

    /** One entitlement of a position's standard profile, with the name of the profile that brings it. */
    public record ProfileItem(Entitlement entitlement, String profile) {
    }

    /**
     * The standard profile of a position, item by item, in the policy's order; an entitlement brought by several
     * profiles is named after the first. Empty when no profile matches the position.
     */
    public static List<ProfileItem> profileItems(PolicyDocument policy, String department, String jobTitle) {
        Map<Entitlement, String> items = new LinkedHashMap<>();
        for (PolicyDocument.Profile profile : policy.profiles()) {
            boolean matches = (profile.department() == null || profile.department().equals(department))
                    && (profile.jobTitle() == null || profile.jobTitle().equals(jobTitle));
            if (matches) {
                for (Entitlement entitlement : profile.entitlements()) {
                    items.putIfAbsent(entitlement, profileName(profile));
                }
            }
        }
        List<ProfileItem> result = new ArrayList<>(items.size());
        items.forEach((entitlement, name) -> result.add(new ProfileItem(entitlement, name)));
        return List.copyOf(result);
    }

    /**
     * A hire reported by an HR system starts birthright access; a person entering the directory through the initial
     * import ({@code importSource}) is already at work, with whatever access they hold, and is no hire.
     */
    public static boolean startsBirthright(String source, String importSource) {
        return source == null || !source.equals(importSource);
    }

    /** A profile named by the position it describes: "Engineering / Software Engineer", or "organisation-wide". */
    static String profileName(PolicyDocument.Profile profile) {
        String name = Stream.of(profile.department(), profile.jobTitle())
                .filter(part -> part != null && !part.isBlank()).collect(Collectors.joining(" / "));
        return name.isEmpty() ? "organisation-wide" : name;
    }

    /** The birthright request of one item: "Birthright access of the ... profile for <title>, <department>; hired <date>". */
    public static String joinerJustification(ProfileItem item, EmployeeProfile person, LocalDate hiredOn) {
        return "Birthright access of the " + item.profile() + " profile for " + position(person.jobTitle(),
                person.department()) + "; hired " + hiredOn;
    }

    /** The mover request of one item of the new position's profile. */
    public static String moverJustification(ProfileItem item, EmployeeProfile person, String previousDepartment,
            String previousJobTitle, LocalDate movedOn) {
        return "Standard access of the " + item.profile() + " profile for " + position(person.jobTitle(),
                person.department()) + "; moved from " + position(previousJobTitle, previousDepartment) + " on "
                + movedOn;
    }

    /** Why a leaver's undecided request is withdrawn: the text of its {@code LEAVER} withdrawal. */
    public static String leaverReason(LocalDate leftOn) {
        return "the beneficiary left the organisation on " + leftOn;
    }

    /** The request of one item for one identity event: the same event always names the same request. */
    public static RequestId requestId(EventId cause, Entitlement entitlement) {
        return RequestId.of("R-" + Ids.nameBased("position-access:" + cause.value() + ":" + entitlement));
    }

    /** The request's own event id, derived from it. */
    public static EventId submittedEventId(RequestId requestId) {
        return EventId.of(Ids.nameBased(requestId.value() + "/submitted"));
    }

    /** The withdrawal of one request of a leaver, derived from the termination and the request. */
    public static EventId withdrawalEventId(EventId termination, String requestId) {
        return EventId.of(Ids.nameBased("leaver-withdrawal:" + termination.value() + ":" + requestId));
    }

    private static String position(String jobTitle, String department) {
        String text = Stream.of(jobTitle, department).filter(part -> part != null && !part.isBlank())
                .collect(Collectors.joining(", "));
        return text.isEmpty() ? "an unnamed position" : text;
    }
}
