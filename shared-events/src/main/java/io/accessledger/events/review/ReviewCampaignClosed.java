package io.accessledger.events.review;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EventId;
import java.time.Instant;

/**
 * Every item of the campaign has an outcome: how many were reviewed, certified, revoked by their reviewer, revoked
 * for want of an answer, and kept flagged unanswered. Keyed by {@code campaignId}.
 */
public record ReviewCampaignClosed(
        EventId eventId,
        String campaignId,
        long items,
        long certified,
        long revoked,
        long revokedUnanswered,
        long keptFlagged,
        Instant occurredAt) implements DomainEvent {
    @Override
    public String subject() {
        return campaignId;
    }
}
