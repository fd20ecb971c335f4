package io.accessledger.review.campaigns;

import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.review.items.ReviewItemsView;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Review campaigns: {@code POST /api/v1/reviews/campaigns} (COMPLIANCE or IAM; the campaign refuses anyone else) and
 * {@code GET /api/v1/reviews/campaigns/{id}} (its definition and progress: decided, open and overdue, by reviewer).
 * Starting answers 202 with the campaign's {@code Location}: its items are the grants in its scope at its start (its
 * snapshot), listed at once; the announcer announces them in the background ({@code announcement} of the progress).
 */
@RestController
public class CampaignController {
    /** Who may follow any campaign's progress. */
    private static final Set<String> OVERSIGHT = Set.of(Caller.COMPLIANCE, Caller.IAM, Caller.AUDITOR);
    private final ReviewItemsView campaigns;
    private final CampaignOpeningStore openings;
    private final CommandGateway commands;
    private final Clock clock;

    public CampaignController(ReviewItemsView campaigns, CampaignOpeningStore openings, CommandGateway commands,
            Clock clock) {
        this.campaigns = campaigns;
        this.openings = openings;
        this.commands = commands;
        this.clock = clock;
    }

    public record ScopeBody(List<String> resourceIds, List<String> sensitivities, List<String> regulatoryTags,
            String department, Boolean privilegedOnly) {
    }

    /** {@code duration}, {@code remindBefore}, {@code escalationPeriod}: ISO-8601 durations. */
    public record CampaignBody(String name, ScopeBody scope, String reviewerKind, String reviewerGroup,
            String duration, List<String> remindBefore, String nonResponse, String escalationPeriod) {
    }

    @PostMapping("/api/v1/reviews/campaigns")
    public Mono<ResponseEntity<Map<String, String>>> start(@RequestBody CampaignBody body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (body == null) {
            return Mono.error(ApiProblem.invalid("name", "a campaign needs a body"));
        }
        ReviewCampaign.StartCampaign command;
        try {
            Instant now = clock.instant();
            String campaignId = "C-" + NewIds.commandId();
            command = new ReviewCampaign.StartCampaign(campaignId, body.name(), scope(body.scope()),
                    ReviewerKind.valueOf(required(body.reviewerKind(), "reviewerKind")), body.reviewerGroup(),
                    now.plus(Duration.parse(required(body.duration(), "duration"))),
                    body.remindBefore() == null ? List.of() : body.remindBefore().stream().map(Duration::parse)
                            .toList(),
                    NonResponsePolicy.valueOf(required(body.nonResponse(), "nonResponse")),
                    body.escalationPeriod() == null ? null : Duration.parse(body.escalationPeriod()),
                    caller.employeeId(), caller.roles(), NewIds.eventId(), now);
        } catch (DateTimeParseException e) {
            return Mono.error(ApiProblem.invalid("duration", "durations are ISO-8601, e.g. P14D: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblem.invalid("reviewerKind", "reviewerKind is MANAGER, RESOURCE_OWNER or GROUP;"
                    + " nonResponse is REVOKE, KEEP_FLAGGED or ESCALATE: " + e.getMessage()));
        }
        return Blocking.call(() -> {
            commands.sendAndWait(command);
            return ResponseEntity.accepted().location(URI.create("/api/v1/reviews/campaigns/" + command.campaignId()))
                    .body(Map.of("campaignId", command.campaignId()));
        });
    }

    /** A campaign, its outcomes so far and its progress by reviewer. */
    public record CampaignProgress(ReviewItemsView.Campaign campaign, ReviewItemsView.Counts counts, long overdue,
            List<ReviewItemsView.ReviewerProgress> byReviewer, Announcement announcement) {
    }

    /**
     * How far the announcer is: {@code announced} items of the snapshot's {@code total} (null until the announcer
     * counted it), {@code done} when every item is announced. {@code counts} and {@code byReviewer} are of the
     * announced items; the others are open.
     */
    public record Announcement(long announced, Long total, boolean done) {
    }

    @GetMapping("/api/v1/reviews/campaigns/{campaignId}")
    public Mono<CampaignProgress> progress(@PathVariable String campaignId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (caller.roles().stream().noneMatch(OVERSIGHT::contains)) {
            return Mono.error(ApiProblem.forbidden("Following a campaign needs the COMPLIANCE, IAM or AUDITOR role"));
        }
        return Blocking.call(() -> {
            ReviewItemsView.Campaign campaign = campaigns.campaign(campaignId)
                    .orElseThrow(() -> ApiProblem.notFound("Campaign " + campaignId));
            List<ReviewItemsView.ReviewerProgress> byReviewer = campaigns.progressByReviewer(campaignId,
                    clock.instant());
            return new CampaignProgress(campaign, campaigns.counts(campaignId),
                    byReviewer.stream().mapToLong(ReviewItemsView.ReviewerProgress::overdue).sum(), byReviewer,
                    openings.begun(campaignId).map(opening -> new Announcement(opening.opened(), opening.total(),
                            opening.done())).orElse(new Announcement(0, null, false)));
        });
    }

    private static ReviewScope scope(ScopeBody body) {
        return body == null ? new ReviewScope(null, null, null, null, false, null)
                : new ReviewScope(body.resourceIds(), body.sensitivities(), body.regulatoryTags(), body.department(),
                        Boolean.TRUE.equals(body.privilegedOnly()), null);
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
