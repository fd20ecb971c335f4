package io.accessledger.events.review;

import java.time.Instant;
import java.util.List;

/**
 * Which active grants a campaign reviews: every criterion given narrows it (empty lists and nulls select all).
 * {@code resourceIds}, {@code sensitivities} (any of), {@code regulatoryTags} (any of), the holder's
 * {@code department}, {@code privilegedOnly}, and {@code reviewDueBy}: only grants whose review falls due by then
 * (automatic campaigns).
 */
public record ReviewScope(
        List<String> resourceIds,
        List<String> sensitivities,
        List<String> regulatoryTags,
        String department,
        boolean privilegedOnly,
        Instant reviewDueBy) {
    public ReviewScope {
        resourceIds = resourceIds == null ? List.of() : List.copyOf(resourceIds);
        sensitivities = sensitivities == null ? List.of() : List.copyOf(sensitivities);
        regulatoryTags = regulatoryTags == null ? List.of() : List.copyOf(regulatoryTags);
    }
}
