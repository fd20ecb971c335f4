package io.accessledger.review;

import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.spine.inbound.HandledEvents;
import io.accessledger.spine.testing.RunningService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Bean;

/**
 * review-scheduler as it runs ({@link RunningService}) on a clock the test sets, plus what its service tests need
 * again and again: grants provisioned, events known to be handled, and the revocations asked for (read from its
 * event store, the outbox, as soon as the command returned).
 */
public final class ReviewServiceFixture implements AutoCloseable {
    private static final MovableClock CLOCK = new MovableClock();
    private final RunningService service;

    private ReviewServiceFixture(RunningService service) {
        this.service = service;
    }

    /**
     * The clock every part of the service reads: a source of this test's application only (not a
     * {@code @Configuration}, which component scanning would hand every other service test too).
     */
    static class TestClock {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    /** Starts a broker and the service on it, its clock at {@code now}. */
    public static ReviewServiceFixture start(String database, Instant now) {
        CLOCK.set(now);
        return new ReviewServiceFixture(RunningService.start(ReviewSchedulerApplication.application()
                .sources(TestClock.class), database));
    }

    public void setClock(Instant now) {
        CLOCK.set(now);
    }

    public <T> T bean(Class<T> type) {
        return service.bean(type);
    }

    /** Publishes the event as its owning service would and waits until {@code consumer} has handled it. */
    public void publishHandled(DomainEvent event, String source, String consumer) {
        service.publish(event, source);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(HandledEvents.class)
                .handled(consumer, event.eventId().value()));
    }

    /** An {@code AccessProvisioned} of a new grant for the request. */
    public static AccessProvisioned provisioned(String request, EmployeeId employee, String entitlement,
            Instant grantedAt, Instant expiresAt) {
        RequestId requestId = RequestId.of(request);
        return new AccessProvisioned(newId(), Ids.grantFor(requestId), requestId, employee,
                Entitlement.parse(entitlement), "manual", "manual", "CHG-" + request, EmployeeId.of("E1040"), null,
                grantedAt, expiresAt, grantedAt.plus(Duration.ofDays(180)), grantedAt);
    }

    /** The revocations the grant's schedule recorded so far. */
    public List<AccessRevocationRequested> revocations(GrantId grant) {
        return service.jdbc().queryForList("select payload from domainevententry where aggregateidentifier = ?"
                + " and payloadtype = ?", byte[].class, grant.value(), AccessRevocationRequested.class.getName())
                .stream().map(payload -> {
                    try {
                        return EventJson.mapper().readValue(payload, AccessRevocationRequested.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
    }

    public static EventId newId() {
        return EventId.of(UUID.randomUUID().toString());
    }

    @Override
    public void close() {
        service.close();
    }

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
