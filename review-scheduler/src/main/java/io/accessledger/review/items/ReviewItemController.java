package io.accessledger.review.items;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The reviewer's side: {@code GET /api/v1/reviews/items} (mine: assigned, delegated to me, or my groups'; paged in
 * SQL, soonest due first), {@code GET /api/v1/reviews/items/{id}} (the grant, how it came to be, when it was last
 * certified and what changed since) and the decision and delegation, which the item aggregate judges
 * ({@link ReviewRules}; refusals answered by the problem handler: 403, 409 for a second decision, 422).
 */
@RestController
public class ReviewItemController {
    private static final Set<String> OVERSIGHT = Set.of(Caller.COMPLIANCE, Caller.IAM, Caller.AUDITOR);
    private static final int MAX_PAGE_SIZE = 200;
    private final ReviewItemsView items;
    private final GrantHistoryView grants;
    private final PolicyInForceView policy;
    private final AnnouncingCampaigns announcing;
    private final CommandGateway commands;
    private final Clock clock;

    public ReviewItemController(ReviewItemsView items, GrantHistoryView grants, PolicyInForceView policy,
            AnnouncingCampaigns announcing, CommandGateway commands, Clock clock) {
        this.items = items;
        this.announcing = announcing;
        this.grants = grants;
        this.policy = policy;
        this.commands = commands;
        this.clock = clock;
    }

    public record DecisionBody(String decision, String reason) {
    }

    public record DelegationBody(String delegateId, String reason) {
    }

    @GetMapping("/api/v1/reviews/items")
    public Mono<ReviewItemsView.Page> mine(@RequestParam(required = false) String campaignId,
            @RequestParam(defaultValue = "OPEN") String status, @RequestParam(defaultValue = "false") boolean overdue,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!Set.of("OPEN", "DECIDED", "ALL").contains(status)) {
            return Mono.error(ApiProblem.invalid("status", "status is OPEN, DECIDED or ALL"));
        }
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            return Mono.error(ApiProblem.invalid("size", "page >= 0 and 1 <= size <= " + MAX_PAGE_SIZE));
        }
        return Blocking.call(() -> items.itemsFor(caller.employeeId(), caller.roles(),
                new ReviewItemsView.Filter(campaignId, status, overdue), clock.instant(), page, size, announcing.now()));
    }

    /** What changed since the grant was approved or last certified. */
    public record ChangedSince(Instant since, boolean holderChangedPosition, String approvedUnderPolicyVersion,
            String policyVersionNow, boolean policyVersionChanged, List<String> sodRulesInvolvingIt) {
    }

    /** An item with everything its reviewer needs to decide. */
    public record ItemDetail(ReviewItemsView.Item item, GrantHistoryView.History grant, Instant lastCertifiedAt,
            ChangedSince changedSince) {
    }

    @GetMapping("/api/v1/reviews/items/{itemId}")
    public Mono<ItemDetail> item(@PathVariable String itemId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> {
            ReviewItemsView.Item item = snapshotted(itemId, caller);
            if (!mayRead(caller, item)) {
                throw notYours();
            }
            if (item.kind() == ReviewItemsView.Kind.UNGOVERNED) {
                return new ItemDetail(item, null, null, null);
            }
            GrantHistoryView.History history = grants.history(item.grantId()).orElse(null);
            Instant lastCertified = items.lastCertifiedBefore(item.grantId(), itemId).orElse(null);
            return new ItemDetail(item, history, lastCertified, changedSince(item, history, lastCertified));
        });
    }

    @PostMapping("/api/v1/reviews/items/{itemId}/decision")
    public Mono<Map<String, String>> decide(@PathVariable String itemId, @RequestBody DecisionBody body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        Decision decision;
        try {
            decision = Decision.valueOf(body == null || body.decision() == null ? "" : body.decision());
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblem.invalid("decision", "decision is CERTIFY or REVOKE"));
        }
        return Blocking.call(() -> {
            if (touched(itemId, caller).kind() == ReviewItemsView.Kind.UNGOVERNED) {
                commands.sendAndWait(new UngovernedAccessReview.DecideUngovernedReview(itemId, caller.employeeId(),
                        caller.roles(), decision, body.reason(), NewIds.eventId(), clock.instant()));
            } else {
                commands.sendAndWait(new ReviewItem.DecideReviewItem(itemId, caller.employeeId(), caller.roles(),
                        decision, body.reason(), NewIds.eventId(), clock.instant()));
            }
            return Map.of("itemId", itemId, "decision", decision.name());
        });
    }

    @PostMapping("/api/v1/reviews/items/{itemId}/delegation")
    public Mono<Map<String, String>> delegate(@PathVariable String itemId, @RequestBody DelegationBody body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (body == null || body.delegateId() == null || body.delegateId().isBlank()) {
            return Mono.error(ApiProblem.invalid("delegateId", "delegateId is required"));
        }
        return Blocking.call(() -> {
            if (touched(itemId, caller).kind() == ReviewItemsView.Kind.UNGOVERNED) {
                throw ApiProblem.invalid("itemId", "An item of ungoverned access is decided by its reviewer, not"
                        + " delegated");
            }
            commands.sendAndWait(new ReviewItem.DelegateReviewItem(itemId, caller.employeeId(), caller.roles(),
                    EmployeeId.of(body.delegateId()), body.reason(), NewIds.eventId(), clock.instant()));
            return Map.of("itemId", itemId, "delegateId", body.delegateId());
        });
    }

    /**
     * An announced item, or one of a snapshot not announced yet; an id that is neither is not an aggregate created out
     * of nothing. Its row may be projected between the two looks (an announcer announced it), after which the snapshot
     * no longer has it: then the third look finds the row. An unknown id is a 404 only to the oversight roles, who may
     * read every item; anyone else gets the 403 of an item that is not theirs, so that an outsider who knows a campaign
     * and a grant cannot learn whether an item exists.
     */
    private ReviewItemsView.Item snapshotted(String itemId, Caller caller) {
        return items.item(itemId).or(() -> items.unannounced(itemId, announcing.now(), caller.employeeId(),
                caller.roles())).or(() -> items.item(itemId))
                .orElseThrow(() -> oversees(caller) ? ApiProblem.notFound("Review item " + itemId) : notYours());
    }

    private static ApiProblem notYours() {
        return ApiProblem.forbidden("Only the item's reviewer, their delegate, its group or oversight roles see it");
    }

    private static boolean oversees(Caller caller) {
        return caller.roles().stream().anyMatch(OVERSIGHT::contains);
    }

    /**
     * The item a decision or delegation touches, announced first when it is not yet (its aggregate and its
     * {@code AccessReviewRequested}, as the announcer would announce it), so its stream starts with the request. When
     * an announcer (of any instance) creates it at the same moment, the loser's creation fails in the event store;
     * sent again, the command finds the item and changes nothing.
     */
    private ReviewItemsView.Item touched(String itemId, Caller caller) {
        ReviewItemsView.Item item = snapshotted(itemId, caller);
        if (!item.announced()) {
            try {
                commands.sendAndWait(item.opening(clock.instant()));
            } catch (AxonException raced) {
                commands.sendAndWait(item.opening(clock.instant()));
            }
        }
        return item;
    }

    private static boolean mayRead(Caller caller, ReviewItemsView.Item item) {
        EmployeeId me = caller.employeeId();
        return me.equals(item.reviewerId()) || me.equals(item.delegateId())
                || (item.reviewerGroup() != null && caller.has(item.reviewerGroup()))
                || oversees(caller);
    }

    private ChangedSince changedSince(ReviewItemsView.Item item, GrantHistoryView.History history,
            Instant lastCertified) {
        Instant since = lastCertified != null ? lastCertified : history == null ? null : history.grantedAt();
        boolean moved = since != null && history.holderPositionChangedAt() != null
                && history.holderPositionChangedAt().isAfter(since);
        String approvedUnder = history == null ? null : history.policyVersion();
        Optional<PolicyDocument> now = policy.current();
        String versionNow = now.map(PolicyDocument::version).orElse(null);
        List<String> sodRules = now.map(document -> document.sodRules().stream()
                .filter(rule -> rule.left().contains(item.entitlement()) || rule.right().contains(item.entitlement()))
                .map(PolicyDocument.SodRule::id).toList()).orElse(List.of());
        return new ChangedSince(since, moved, approvedUnder, versionNow,
                approvedUnder != null && versionNow != null && !Objects.equals(approvedUnder, versionNow), sodRules);
    }
}
