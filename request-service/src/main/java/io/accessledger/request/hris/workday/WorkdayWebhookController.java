package io.accessledger.request.hris.workday;

import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.DeliveryAuth;
import io.accessledger.request.hris.DeliveryStore;
import io.accessledger.request.hris.WebhookRejection;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /webhooks/workday}: worker events with effective dates, signed ({@link BodySignature#accessLedger}) or,
 * when configuration accepts unsigned deliveries, HTTP Basic; a repeated {@code eventId} is refused (401
 * {@code replayed-delivery}); rescinds cancel pending ones.
 */
@RestController
public class WorkdayWebhookController {
    private static final Logger log = LoggerFactory.getLogger(WorkdayWebhookController.class);
    private final DeliveryAuth auth;
    private final DeliveryStore deliveries;
    private final EffectiveDatedEvents events;
    private final Clock clock;

    public WorkdayWebhookController(@Qualifier("workdayDeliveryAuth") DeliveryAuth auth, DeliveryStore deliveries,
            EffectiveDatedEvents events, Clock clock) {
        this.auth = auth;
        this.deliveries = deliveries;
        this.events = events;
        this.clock = clock;
    }

    /** The outcome of one Workday event: APPLIED, SCHEDULED, CANCELLED, ALREADY_APPLIED... */
    public record WorkdayReceipt(String eventId, EffectiveDatedEvents.Outcome outcome, List<String> notes) {
    }

    @PostMapping(value = "/webhooks/workday", consumes = {"application/json", "application/*+json"})
    public Mono<WorkdayReceipt> receive(@RequestBody(required = false) byte[] body,
            @RequestHeader(value = BodySignature.SIGNATURE_HEADER, required = false) String signature,
            @RequestHeader(value = BodySignature.TIMESTAMP_HEADER, required = false) String timestamp,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        try {
            auth.verify(body, signature, timestamp, authorization, clock.instant());
        } catch (ApiProblem problem) {
            log.warn("Workday webhook refused: {}", problem.slug());
            return Mono.error(problem);
        }
        WorkdayPayloads.WorkdayEvent event;
        try {
            event = WorkdayPayloads.parse(body == null ? new byte[0] : body);
        } catch (ApiProblem problem) {
            return Mono.error(problem);
        }
        return Blocking.call(() -> {
            if (!deliveries.claim(WorkdayConfiguration.SOURCE, event.eventId(), clock.instant())) {
                log.warn("Workday webhook refused: replayed event {}", event.eventId());
                throw WebhookRejection.replayed();
            }
            try {
                EffectiveDatedEvents.Outcome outcome;
                if (event instanceof WorkdayPayloads.Rescind rescind) {
                    outcome = events.rescind(rescind.eventId(), rescind.rescindedEventId());
                } else {
                    WorkdayPayloads.Change change = (WorkdayPayloads.Change) event;
                    outcome = events.submit(change.eventId(), change.event());
                }
                return new WorkdayReceipt(event.eventId(), outcome, List.of());
            } catch (RuntimeException e) {
                deliveries.release(WorkdayConfiguration.SOURCE, event.eventId());
                throw e;
            }
        });
    }
}
