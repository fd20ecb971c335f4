package io.accessledger.events.review;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A review campaign began: its scope, who reviews ({@code reviewerKind}, {@code reviewerGroup} for GROUP), when its
 * items are due ({@code endsAt}), the reminders sent that long before the end, what non-response means, and how long
 * an escalated item has. {@code startedBy} is null for an automatic campaign (review dates falling due). Keyed by
 * {@code campaignId}.
 */
public record ReviewCampaignStarted(
        EventId eventId,
        String campaignId,
        String name,
        ReviewScope scope,
        ReviewerKind reviewerKind,
        String reviewerGroup,
        Instant endsAt,
        List<Duration> remindBefore,
        NonResponsePolicy nonResponse,
        Duration escalationPeriod,
        EmployeeId startedBy,
        Instant occurredAt) implements DomainEvent {
    public ReviewCampaignStarted {
        remindBefore = remindBefore == null ? List.of() : List.copyOf(remindBefore);
    }

    @Override
    public String subject() {
        return campaignId;
    }

    @Override
    public EmployeeId actorId() {
        return startedBy;
    }
}
