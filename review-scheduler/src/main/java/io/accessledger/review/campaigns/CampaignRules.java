package io.accessledger.review.campaigns;

import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a campaign needs to start and to close: named, pure rules, each returning the refusal or nothing. */
public final class CampaignRules {
    /** Who may start a campaign. */
    public static final Set<String> STARTERS = Set.of("COMPLIANCE", "IAM");

    private CampaignRules() {
    }

    public static Optional<Refused> onlyComplianceOrIamStartCampaigns(Set<String> roles, boolean automatic) {
        if (!automatic && roles.stream().noneMatch(STARTERS::contains)) {
            return Optional.of(Refused.notAllowed("onlyComplianceOrIamStartCampaigns",
                    "Starting a review campaign needs the COMPLIANCE or IAM role"));
        }
        return Optional.empty();
    }

    /** A name, an end after the start, a group for GROUP reviewers, reminders before the end, an escalation period. */
    public static Optional<Refused> aCampaignIsWellFormed(String name, ReviewerKind kind, String group, Instant at,
            Instant endsAt, List<Duration> remindBefore, NonResponsePolicy nonResponse, Duration escalationPeriod) {
        String problem = name == null || name.isBlank() ? "a campaign needs a name"
                : kind == null ? "reviewerKind must be MANAGER, RESOURCE_OWNER or GROUP"
                : kind == ReviewerKind.GROUP && (group == null || group.isBlank()) ? "a GROUP campaign names its group"
                : endsAt == null || !endsAt.isAfter(at) ? "a campaign ends after it starts"
                : remindBefore.stream().anyMatch(d -> d.isNegative() || d.isZero())
                        ? "reminders are sent a positive time before the end"
                : nonResponse == null ? "nonResponse must be REVOKE, KEEP_FLAGGED or ESCALATE"
                : nonResponse == NonResponsePolicy.ESCALATE && (escalationPeriod == null
                        || escalationPeriod.isNegative() || escalationPeriod.isZero())
                        ? "an escalating campaign gives the manager a positive escalation period"
                : null;
        return Optional.ofNullable(problem).map(p -> Refused.invalid("aCampaignIsWellFormed", p));
    }
}
