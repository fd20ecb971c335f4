package io.accessledger.request.hris.bamboohr;

import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.DeliveryStore;
import io.accessledger.request.hris.WebhookReceipt;
import io.accessledger.request.hris.WebhookRejection;
import io.accessledger.request.hris.WorkerEvent;
import io.accessledger.request.hris.WorkerEventSink;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /webhooks/bamboohr}: BambooHR's event-based and field-based payloads, signed with the private key. A
 * field-based payload is recorded at once (200); the employees an event-based created/updated payload only names are
 * fetched from BambooHR's API by {@link BambooHrFetchJob} (202).
 */
@RestController
public class BambooHrWebhookController {
    private static final Logger log = LoggerFactory.getLogger(BambooHrWebhookController.class);
    private final BodySignature signature;
    private final DeliveryStore deliveries;
    private final WorkerEventSink directory;
    private final BambooHrFetches fetches;
    private final TransactionOperations transactions;
    private final Clock clock;

    public BambooHrWebhookController(BodySignature signature, DeliveryStore deliveries, WorkerEventSink directory,
            BambooHrFetches fetches, TransactionOperations transactions, Clock clock) {
        this.signature = signature;
        this.deliveries = deliveries;
        this.directory = directory;
        this.fetches = fetches;
        this.transactions = transactions;
        this.clock = clock;
    }

    @PostMapping(value = "/webhooks/bamboohr", consumes = {"application/json", "application/*+json",
            "application/x-www-form-urlencoded"})
    public Mono<ResponseEntity<WebhookReceipt>> receive(ServerWebExchange exchange,
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
            return Blocking.call(() -> process(parsed, deliveryId)).map(receipt -> receipt.scheduled() > 0
                    ? ResponseEntity.accepted().body(receipt) : ResponseEntity.ok(receipt));
        });
    }

    /**
     * Claims the delivery and, in the same transaction, records the employees it only names for the fetch job (202:
     * accepted, fetched later); then records the worker events it carries.
     */
    private WebhookReceipt process(BambooHrPayloads.Parsed parsed, String deliveryId) {
        Integer scheduled = transactions.execute(tx -> {
            if (!deliveries.claim(BambooHrConfiguration.SOURCE, deliveryId, clock.instant())) {
                return null;
            }
            return fetches.schedule(deliveryId, parsed.withoutValues(), clock.instant());
        });
        if (scheduled == null) {
            log.warn("BambooHR webhook refused: replayed delivery {}", deliveryId);
            throw WebhookRejection.replayed();
        }
        try {
            int changed = 0;
            for (WorkerEvent event : parsed.events()) {
                if (directory.record(event, BambooHrConfiguration.SOURCE)) {
                    changed++;
                }
            }
            List<String> notes = new ArrayList<>();
            for (BambooHrPayloads.Named named : parsed.withoutValues()) {
                notes.add("employee " + named.employeeId() + ": " + named.type() + (scheduled > 0
                        ? " without field values, fetched from BambooHR's API"
                        : " without field values, not fetchable (no BambooHR API key configured)"));
            }
            return new WebhookReceipt(parsed.events().size() + parsed.withoutValues().size(), changed, scheduled,
                    notes);
        } catch (RuntimeException e) {
            deliveries.release(BambooHrConfiguration.SOURCE, deliveryId);
            throw e;
        }
    }
}
