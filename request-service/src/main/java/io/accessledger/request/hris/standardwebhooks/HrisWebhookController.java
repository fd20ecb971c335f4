package io.accessledger.request.hris.standardwebhooks;

import io.accessledger.request.hris.DeliveryStore;
import io.accessledger.request.hris.WebhookReceipt;
import io.accessledger.request.hris.WorkerEvent;
import io.accessledger.request.hris.WorkerEventSink;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /webhooks/hris}: generic HRIS worker events signed per Standard Webhooks. */
@RestController
public class HrisWebhookController {
    private static final Logger log = LoggerFactory.getLogger(HrisWebhookController.class);
    private final StandardWebhookSignature signature;
    private final DeliveryStore deliveries;
    private final WorkerEventSink directory;
    private final Clock clock;

    public HrisWebhookController(StandardWebhookSignature signature, DeliveryStore deliveries,
            WorkerEventSink directory, Clock clock) {
        this.signature = signature;
        this.deliveries = deliveries;
        this.directory = directory;
        this.clock = clock;
    }

    @PostMapping(value = "/webhooks/hris", consumes = {"application/json", "application/*+json"})
    public Mono<WebhookReceipt> receive(@RequestBody(required = false) byte[] body,
            @RequestHeader(value = "webhook-id", required = false) String id,
            @RequestHeader(value = "webhook-timestamp", required = false) String timestamp,
            @RequestHeader(value = "webhook-signature", required = false) String signatures) {
        byte[] raw = body == null ? new byte[0] : body;
        try {
            signature.verify(id, timestamp, signatures, raw, clock.instant());
        } catch (ApiProblem problem) {
            log.warn("HRIS webhook refused: {} ({})", problem.slug(), problem.getMessage());
            return Mono.error(problem);
        }
        WorkerEvent event;
        try {
            event = HrisPayloads.parse(raw);
        } catch (ApiProblem problem) {
            return Mono.error(problem);
        }
        return Blocking.call(() -> {
            if (!deliveries.claim(StandardWebhooksConfiguration.SOURCE, id.trim(), clock.instant())) {
                // Standard Webhooks: a sender retries with the same webhook-id (re-signed); a 2xx stops its retries.
                log.info("HRIS webhook {} already received: answered again, nothing recorded", id);
                return new WebhookReceipt(1, 0, 0, List.of("already received: " + id.trim()));
            }
            try {
                boolean changed = directory.record(event, StandardWebhooksConfiguration.SOURCE);
                return new WebhookReceipt(1, changed ? 1 : 0, 0, List.of());
            } catch (RuntimeException e) {
                deliveries.release(StandardWebhooksConfiguration.SOURCE, id.trim());
                throw e;
            }
        });
    }
}
