package io.accessledger.spine.tracing;

import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.inbound.Causation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The trace of the work one consumed record causes: a child span of the record's {@code traceparent} (named by event
 * type and consumer) and the AccessLedger request id in the log MDC while the consumer handles it; and the current
 * {@code traceparent} for the commands sent meanwhile (or from an HTTP call).
 *
 * <p>Off ({@link #OFF}: {@code ACCESSLEDGER_TRACING} unset; or no {@link Tracer}, or the no-op one) it opens no
 * span and allocates nothing per record beyond the MDC entry; the {@code traceparent} that arrived is then passed on
 * as it was ({@link Causation#of}).
 */
public final class RecordTracing {
    /** The MDC key of the request id ({@code R-…}) a log line is about. */
    public static final String REQUEST_ID = "requestId";
    public static final RecordTracing OFF = new RecordTracing(null, null);

    private static final Handling MDC_ONLY = () -> MDC.remove(REQUEST_ID);
    private static final Sending NOT_TRACED = new Sending() {
        @Override
        public void failed(Throwable error) {
        }

        @Override
        public void close() {
        }
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public RecordTracing(Tracer tracer, Propagator propagator) {
        boolean on = tracer != null && tracer != Tracer.NOOP && propagator != null && propagator != Propagator.NOOP;
        this.tracer = on ? tracer : null;
        this.propagator = on ? propagator : null;
    }

    public boolean on() {
        return tracer != null;
    }

    /** What is open while one record is handled; closing it ends the span and clears the MDC. */
    public interface Handling extends AutoCloseable {
        @Override
        void close();
    }

    /** Opens the handling of {@code envelope} by {@code consumer}: request id in the MDC, and (on) its child span. */
    public Handling handling(Envelope envelope, String consumer) {
        MDC.put(REQUEST_ID, envelope.correlationId() != null ? envelope.correlationId() : envelope.subject());
        if (tracer == null) {
            return MDC_ONLY;
        }
        Span span = propagator.extract(envelope, (carrier, key) -> Causation.TRACEPARENT.equals(key)
                        ? carrier.traceparent() : null)
                .name(envelope.type() + " " + consumer).kind(Span.Kind.CONSUMER)
                .tag("messaging.consumer", consumer).tag("ce_id", envelope.id()).start();
        Tracer.SpanInScope scope = tracer.withSpan(span);
        return () -> {
            scope.close();
            span.end();
            MDC.remove(REQUEST_ID);
        };
    }

    /** The outbox's send of one event; {@link #failed} marks the span before {@link #close} ends it. */
    public interface Sending extends AutoCloseable {
        void failed(Throwable error);

        @Override
        void close();
    }

    /**
     * Opens a producer span ({@code publish <type>}, a child of the event's stored {@code traceparent}) around the
     * outbox's send of one event to {@code topic}, so the time an event waits in the outbox and its failed sends show
     * in the request's trace. The record itself keeps the {@code traceparent} it was stored with: its chain hash must
     * not change when a failed send is retried. Off, or for an event stored outside any trace, nothing is opened.
     */
    public Sending sending(String traceparent, String eventType, String topic) {
        if (tracer == null || traceparent == null) {
            return NOT_TRACED;
        }
        Span span = propagator.extract(traceparent, (carrier, key) -> Causation.TRACEPARENT.equals(key) ? carrier : null)
                .name("publish " + eventType).kind(Span.Kind.PRODUCER)
                .tag("messaging.destination.name", topic).start();
        Tracer.SpanInScope scope = tracer.withSpan(span);
        return new Sending() {
            @Override
            public void failed(Throwable error) {
                span.error(error);
            }

            @Override
            public void close() {
                scope.close();
                span.end();
            }
        };
    }

    /** The W3C {@code traceparent} of the current span, or {@code null} when off or outside any span. */
    public String currentTraceparent() {
        if (tracer == null) {
            return null;
        }
        Span current = tracer.currentSpan();
        if (current == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        TraceContext context = current.context();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(Causation.TRACEPARENT);
    }
}
