package io.accessledger.request.hris;

import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code POST /webhooks/bamboohr}: BambooHR's event-based and field-based payloads, signed with the private key. */
@RestController
public class BambooHrWebhookController {
    private static final Logger log = LoggerFactory.getLogger(BambooHrWebhookController.class);
    private final BambooHrSignature signature;
    private final DeliveryLog deliveries;
    private final WorkerEventSink directory;
    private final Clock clock;

    public BambooHrWebhookController(BambooHrSignature signature, DeliveryLog deliveries, WorkerEventSink directory,
            Clock clock) {
        this.signature = signature;
        this.deliveries = deliveries;
        this.directory = directory;
        this.clock = clock;
    }

    @PostMapping("/webhooks/bamboohr")
    public Mono<WebhookReceipt> receive(ServerWebExchange exchange,
            @RequestHeader(value = "X-BambooHR-Signature", required = false) String signatureHeader,
            @RequestHeader(value = "X-BambooHR-Timestamp", required = false) String timestamp,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        return RawBody.read(exchange).flatMap(raw -> {
            try {
                signature.verify(raw, signatureHeader, timestamp, clock.instant());
            } catch (ApiProblem problem) {
                log.warn("BambooHR webhook refused: {} ({})", problem.slug(), problem.getMessage());
                return Mono.error(problem);
            }
            BambooHrPayloads.Parsed parsed;
            try {
                parsed = BambooHrPayloads.parse(raw, contentType);
            } catch (ApiProblem problem) {
                return Mono.error(problem);
            }
            String deliveryId = timestamp.trim() + ":" + signatureHeader.trim().toLowerCase(Locale.ROOT);
            return Blocking.call(() -> process(parsed, deliveryId));
        });
    }

    private WebhookReceipt process(BambooHrPayloads.Parsed parsed, String deliveryId) {
        if (!deliveries.claim(HrisConfiguration.BAMBOOHR, deliveryId, clock.instant())) {
            log.warn("BambooHR webhook refused: replayed delivery {}", deliveryId);
            throw WebhookRejection.replayed();
        }
        try {
            int changed = 0;
            for (WorkerEvent event : parsed.events()) {
                if (directory.record(event, HrisConfiguration.BAMBOOHR)) {
                    changed++;
                }
            }
            List<String> notes = new ArrayList<>();
            for (String id : parsed.withoutValues()) {
                log.info("BambooHR event for employee {} carries no field values; nothing recorded", id);
                notes.add("employee " + id + ": event-based payload without field values, not recorded");
            }
            return new WebhookReceipt(parsed.events().size() + parsed.withoutValues().size(), changed, 0, notes);
        } catch (RuntimeException e) {
            deliveries.release(HrisConfiguration.BAMBOOHR, deliveryId);
            throw e;
        }
    }
}
