package io.accessledger.web;

import io.accessledger.events.Topic;
import io.accessledger.spine.inbound.DeadLetters;
import io.accessledger.spine.inbound.InboundListeners;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.accessledger.spine.replay.ReadModelRebuilds;
import io.accessledger.spine.replay.ReadModelRebuilds.Rebuild;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The operator's door to a service's inbound side (ADMIN only): what waits parked, and re-driving the dead letters of
 * a topic to this service's consumers after a fix ({@code deploy/redrive.sh} calls it). Re-driving twice is safe:
 * each consumer dedupes on {@code ce_id}. And rebuilding the service's read models from the topics into a fresh
 * schema beside the live tables, compared with them at the end ({@code deploy/rebuild.sh} calls it).
 */
@RestController
public class SpineAdminController {
    private final InboundListeners inbound;
    private final ParkedRecordStore parked;
    private final ReadModelRebuilds rebuilds;

    public SpineAdminController(InboundListeners inbound, ParkedRecordStore parked, ReadModelRebuilds rebuilds) {
        this.inbound = inbound;
        this.parked = parked;
        this.rebuilds = rebuilds;
    }

    /**
     * One parked record, as an operator sees it: its timer ({@code attempts}, {@code nextAttemptAt}) and its wake-up
     * state ({@code wokenAt}, {@code wakes}, {@code nextWakeAt}: null unless it is a head parked as {@code NotYet}).
     */
    public record ParkedView(String consumer, String topic, int partition, long offset, String key, String ceType,
            String reason, int attempts, Instant parkedAt, Instant nextAttemptAt, Instant wokenAt, int wakes,
            Instant nextWakeAt) {
    }

    @GetMapping("/api/v1/admin/parked")
    public Mono<List<ParkedView>> parked(Authentication authentication) {
        requireAdmin(authentication);
        return Blocking.call(() -> inbound.consumerNames().stream().flatMap(name -> parked.of(name).stream())
                .map(row -> new ParkedView(row.consumer(), row.record().topic(), row.record().partition(),
                        row.record().offset(), row.record().key(), row.record().header("ce_type"), row.reason(),
                        row.attempts(), row.parkedAt(), row.nextAttemptAt(), row.wokenAt(), row.wakes(),
                        row.nextWakeAt()))
                .toList());
    }

    @PostMapping("/api/v1/admin/dead-letters/{topic}/redrive")
    public Mono<DeadLetters.Redrive> redrive(@PathVariable String topic,
            @RequestParam(required = false) String consumer, Authentication authentication) {
        requireAdmin(authentication);
        Topic source = Arrays.stream(Topic.values())
                .filter(t -> t.topicName().equals(topic) || t.deadLetterTopicName().equals(topic)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Topic " + topic));
        if (consumer != null && !inbound.consumerNames().contains(consumer)) {
            throw ApiProblem.notFound("Consumer " + consumer + " of this service");
        }
        return Blocking.call(() -> inbound.redriveDeadLetters(source, consumer));
    }

    @PostMapping("/api/v1/admin/read-models/rebuilds")
    public Mono<ResponseEntity<Rebuild>> rebuild(Authentication authentication) {
        requireAdmin(authentication);
        return Blocking.call(rebuilds::start).map(started -> ResponseEntity
                .accepted().location(URI.create("/api/v1/admin/read-models/rebuilds/" + started.id())).body(started));
    }

    @GetMapping("/api/v1/admin/read-models/rebuilds")
    public Mono<List<Rebuild>> rebuilds(Authentication authentication) {
        requireAdmin(authentication);
        return Mono.fromSupplier(rebuilds::all);
    }

    @GetMapping("/api/v1/admin/read-models/rebuilds/{id}")
    public Mono<Rebuild> rebuild(@PathVariable String id, Authentication authentication) {
        requireAdmin(authentication);
        return Mono.fromSupplier(() -> rebuilds.find(id).orElseThrow(() -> ApiProblem.notFound("Rebuild " + id)));
    }

    @DeleteMapping("/api/v1/admin/read-models/rebuilds/{id}")
    public Mono<ResponseEntity<Void>> dropRebuild(@PathVariable String id, Authentication authentication) {
        requireAdmin(authentication);
        return Blocking.call(() -> rebuilds.drop(id)).map(dropped -> {
            if (!dropped) {
                throw ApiProblem.notFound("Rebuild " + id);
            }
            return ResponseEntity.noContent().<Void>build();
        });
    }

    private static void requireAdmin(Authentication authentication) {
        if (!Caller.of(authentication).has(Caller.ADMIN)) {
            throw ApiProblem.forbidden("Only an ADMIN may see parked records, re-drive dead letters or rebuild"
                    + " read models");
        }
    }
}
