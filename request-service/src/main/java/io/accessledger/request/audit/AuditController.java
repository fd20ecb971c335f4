package io.accessledger.request.audit;

import io.accessledger.audit.model.AccessHistoryView;
import io.accessledger.audit.model.AccessHistoryView.Holding;
import io.accessledger.audit.model.AuditTrailView;
import io.accessledger.audit.model.AuditTrailView.Evidence;
import io.accessledger.audit.model.AuditTrailView.Format;
import io.accessledger.audit.model.AuditTrailView.LifecycleCase;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The auditors' API ({@code /api/v1/audit/**}), for the AUDITOR role only: who held what at an instant, the evidence
 * chain of a grant, the streamed export of the whole trail, and joiners, movers and leavers over a period. Every read
 * is logged, with who asked and what, on the logger {@value #READS_LOGGER} (a denied attempt too, at WARN).
 */
@RestController
public class AuditController {
    /** The logger every audit read is written to, so it can be routed and kept apart from the service's log. */
    public static final String READS_LOGGER = "accessledger.audit.reads";
    static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private static final Logger reads = LoggerFactory.getLogger(READS_LOGGER);
    /** Bytes per chunk handed to the network while the export is written. */
    private static final int CHUNK = 64 * 1024;

    private final AccessHistoryView history;
    private final AuditTrailView trail;
    private final Clock clock;

    public AuditController(AccessHistoryView history, AuditTrailView trail, Clock clock) {
        this.history = history;
        this.trail = trail;
        this.clock = clock;
    }

    /** Who held what at {@code asOf} (now when absent). */
    public record AccessAt(Instant asOf, String employeeId, String resourceId, List<Holding> holdings) {
    }

    /** Joiners, movers and leavers whose effective date is in {@code [from, to)}. */
    public record LifecycleReport(Instant from, Instant to, List<LifecycleCase> cases) {
    }

    @GetMapping("/api/v1/audit/access")
    public Mono<AccessAt> access(@RequestParam(required = false) String asOf,
            @RequestParam(required = false) String employeeId, @RequestParam(required = false) String resourceId,
            Authentication authentication) {
        Caller auditor = auditor(authentication, "access");
        Instant at = AuditParameters.instant("asOf", asOf);
        Instant instant = at != null ? at : clock.instant();
        logRead(auditor, "access", params("asOf", instant, "employeeId", employeeId, "resourceId", resourceId));
        return Blocking.call(() -> new AccessAt(instant, employeeId, resourceId,
                history.heldAt(instant, employeeId, resourceId)));
    }

    @GetMapping("/api/v1/audit/grants/{grantId}/evidence")
    public Mono<Evidence> evidence(@PathVariable String grantId, Authentication authentication) {
        logRead(auditor(authentication, "evidence"), "evidence", params("grantId", grantId));
        return Blocking.call(() -> trail.evidence(grantId).orElseThrow(() -> ApiProblem.notFound("Grant " + grantId)));
    }

    @GetMapping("/api/v1/audit/joiners-movers-leavers")
    public Mono<LifecycleReport> joinersMoversLeavers(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Authentication authentication) {
        Caller auditor = auditor(authentication, "joiners-movers-leavers");
        Instant start = AuditParameters.instant("from", from);
        Instant end = AuditParameters.instant("to", to);
        AuditParameters.period(start, end);
        logRead(auditor, "joiners-movers-leavers", params("from", start, "to", end));
        return Blocking.call(() -> new LifecycleReport(start, end, trail.joinersMoversLeavers(start, end)));
    }

    /**
     * The trail of {@code [from, to)} as CSV or JSON Lines, streamed: the view writes rows from a database cursor on a
     * bounded-elastic thread into a pipe the response reads in chunks, pausing while the client does not read.
     */
    @GetMapping("/api/v1/audit/export")
    public ResponseEntity<Flux<DataBuffer>> export(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String format,
            Authentication authentication) {
        Caller auditor = auditor(authentication, "export");
        Instant start = AuditParameters.instant("from", from);
        Instant end = AuditParameters.instant("to", to);
        AuditParameters.period(start, end);
        Format chosen = AuditParameters.format(format);
        logRead(auditor, "export", params("from", start, "to", end, "format", chosen));
        Flux<DataBuffer> body = Flux.from(DataBufferUtils.outputStreamPublisher(out -> {
            try {
                trail.export(start, end, chosen, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DefaultDataBufferFactory.sharedInstance, task -> Schedulers.boundedElastic().schedule(task), CHUNK));
        String file = "accessledger-audit" + (chosen == Format.CSV ? ".csv" : ".jsonl");
        return ResponseEntity.ok()
                .contentType(chosen == Format.CSV ? CSV : NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build()
                        .toString())
                .body(body);
    }

    /** AUDITOR only, checked before anything else; a refused attempt is logged with who made it. */
    private static Caller auditor(Authentication authentication, String endpoint) {
        Caller caller = Caller.of(authentication);
        if (!caller.has(Caller.AUDITOR)) {
            reads.warn("audit read refused: caller={} roles={} endpoint={}", caller.employeeId(), caller.roles(),
                    endpoint);
            throw ApiProblem.forbidden("The audit API is for the AUDITOR role only");
        }
        return caller;
    }

    /** Every read, with who asked and the parameters as understood (a defaulted asOf with its value). */
    private static void logRead(Caller auditor, String endpoint, Map<String, Object> params) {
        reads.info("audit read: caller={} endpoint={} params={}", auditor.employeeId(), endpoint, params);
    }

    private static Map<String, Object> params(Object... namesAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }
}
