package io.accessledger.review;

import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.review.items.ReviewItem;
import io.accessledger.review.schedule.ReviewSchedule;
import io.accessledger.spine.inbound.HandledEvents;
import io.accessledger.spine.testing.RunningService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.web.DevTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandlerInterceptorSupport;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * review-scheduler as it runs ({@link RunningService}) on a clock the test sets, plus what its service tests need
 * again and again: grants provisioned, events known to be handled, and the revocations asked for (read from its
 * event store, the outbox, as soon as the command returned).
 */
public final class ReviewServiceFixture implements AutoCloseable {
    private static final MovableClock CLOCK = new MovableClock();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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

    /** Starts a broker and the service on it, its clock at {@code now}; {@code args} as {@link RunningService}'s. */
    public static ReviewServiceFixture start(String database, Instant now, String... args) {
        CLOCK.set(now);
        return new ReviewServiceFixture(RunningService.start(application(), database, args));
    }

    /** A second instance beside this one (same broker, same database), on the same clock. */
    public ReviewServiceFixture secondInstance(String... args) {
        return new ReviewServiceFixture(service.secondInstance(application(), args));
    }

    private static SpringApplicationBuilder application() {
        return ReviewSchedulerApplication.application().sources(TestClock.class);
    }

    /** The clock stands at {@code now} until set again. */
    public void setClock(Instant now) {
        CLOCK.set(now);
    }

    /** The clock goes on from {@code now} as time passes (so leases and job periods run out as they do in life). */
    public void runClockFrom(Instant now) {
        CLOCK.runFrom(now);
    }

    public void publish(DomainEvent event, String source) {
        service.publish(event, source);
    }

    /** The events of this type with this key on the topic, as committed so far. */
    public <T extends DomainEvent> List<T> published(Topic topic, String key, Class<T> type) {
        return service.published(topic, key, type);
    }

    /** The one event of this type the review topic carries for the grant, once it is there (and only one). */
    public <T extends DomainEvent> T awaitOneOnReview(GrantId grant, Class<T> type) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !published(Topic.REVIEW, grant.value(), type).isEmpty());
        List<T> events = published(Topic.REVIEW, grant.value(), type);
        if (events.size() != 1) {
            throw new AssertionError(events.size() + " " + type.getSimpleName() + " of " + grant.value() + ": " + events);
        }
        return events.get(0);
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

    /** An {@code EmployeeHired} of {@code employee} under {@code manager}, handled by the grant history. */
    public void hire(EmployeeId employee, EmployeeId manager, Instant at) {
        publishHandled(new EmployeeHired(newId(), employee, new EmployeeProfile(employee, "P " + employee,
                employee.value() + "@example.com", "Finance", "Accountant", manager, EmploymentType.EMPLOYEE,
                EmploymentStatus.ACTIVE, null, null, true), LocalDate.parse("2026-01-05"), "workday", at),
                "request-service", "grant-history");
    }

    /**
     * A grant as the topics tell it, each event handled by the grant history: requested, approved by
     * {@code approver} (the resource owned by {@code owner}) two minutes before {@code grantedAt}, provisioned.
     */
    public AccessProvisioned grant(String request, EmployeeId holder, String entitlement, List<String> tags,
            EmployeeId approver, EmployeeId owner, Instant grantedAt) {
        RequestId requestId = RequestId.of(request);
        Entitlement what = Entitlement.parse(entitlement);
        Instant at = grantedAt.minusSeconds(120);
        publishHandled(new RequestSubmitted(newId(), requestId, null, holder, holder, what.resourceId(),
                what.level(), "Needed for " + request, null, null, RequestSource.PORTAL, false, List.of(), at),
                "request-service", "grant-history");
        publishHandled(new AccessApproved(newId(), requestId, holder, what, new ResourceSnapshot(
                what.resourceId(), "Ledger", "manual", owner, Sensitivity.HIGH, tags, false), null,
                List.of(approver.value()), "7", Duration.ofDays(180), at.plusSeconds(60)), "approval-service",
                "grant-history");
        AccessProvisioned provisioned = new AccessProvisioned(newId(), Ids.grantFor(requestId), requestId, holder,
                what, "manual", "manual", "CHG-" + request, EmployeeId.of("E1040"), null, at.plusSeconds(120), null,
                at.plus(Duration.ofDays(180)), at.plusSeconds(120));
        publishHandled(provisioned, "provisioning-service", "grant-history");
        return provisioned;
    }

    /** An {@code AccessProvisioned} of a new grant for the request. */
    public static AccessProvisioned provisioned(String request, EmployeeId employee, String entitlement,
            Instant grantedAt, Instant expiresAt) {
        RequestId requestId = RequestId.of(request);
        return new AccessProvisioned(newId(), Ids.grantFor(requestId), requestId, employee,
                Entitlement.parse(entitlement), "manual", "manual", "CHG-" + request, EmployeeId.of("E1040"), null,
                grantedAt, expiresAt, grantedAt.plus(Duration.ofDays(180)), grantedAt);
    }

    /**
     * While {@code failing} answers true, every revocation asked of {@code grant} fails as a schedule modified at the
     * same moment by another instance (or a consumer) does: Axon's {@link ConcurrencyException}. Cancel it after.
     */
    @SuppressWarnings("unchecked")
    public Registration revocationsConflictFor(GrantId grant, BooleanSupplier failing) {
        return ((MessageHandlerInterceptorSupport<CommandMessage<?>>) service.bean(CommandBus.class))
                .registerHandlerInterceptor((unitOfWork, chain) -> {
                    if (unitOfWork.getMessage().getPayload() instanceof ReviewSchedule.RequestRevocation revocation
                            && revocation.grantId().equals(grant) && failing.getAsBoolean()) {
                        throw new ConcurrencyException("The schedule of " + grant.value()
                                + " was modified concurrently (a test's conflict)");
                    }
                    return chain.proceed();
                });
    }

    /**
     * Calls {@code probe} with each {@code OpenReviewItem} of the campaign as its handler is about to run (inside its
     * unit of work and transaction): a probe may look at the transaction or throw to fail the item. Cancel it after.
     */
    @SuppressWarnings("unchecked")
    public Registration onItemOpening(String campaignId, Consumer<ReviewItem.OpenReviewItem> probe) {
        return ((MessageHandlerInterceptorSupport<CommandMessage<?>>) service.bean(CommandBus.class))
                .registerHandlerInterceptor((unitOfWork, chain) -> {
                    if (unitOfWork.getMessage().getPayload() instanceof ReviewItem.OpenReviewItem opening
                            && opening.campaignId().equals(campaignId)) {
                        probe.accept(opening);
                    }
                    return chain.proceed();
                });
    }

    /** How many items the job's runs failed on so far ({@code accessledger.review.job.failures}). */
    public double jobFailures(String job) {
        Counter failures = service.bean(MeterRegistry.class).find("accessledger.review.job.failures")
                .tag("job", job).counter();
        return failures == null ? 0 : failures.count();
    }

    /** The jobs that ran through a lease (the spine's {@code job_lease}), by name. */
    public List<String> leasedJobs() {
        return service.jdbc().queryForList("select job from job_lease order by job", String.class);
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

    /** An HTTP call to the service as {@code caller} with {@code roles} (a dev token); {@code body} JSON or none. */
    public HttpResponse<String> http(String method, String path, EmployeeId caller, String body, String... roles) {
        return httpWithToken(method, path, DevTokens.mint(caller.value(), roles), body);
    }

    /** An HTTP call with this bearer {@code token}, or none when it is null; {@code body} JSON or none. */
    public HttpResponse<String> httpWithToken(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return EventJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EventId newId() {
        return EventId.of(UUID.randomUUID().toString());
    }

    @Override
    public void close() {
        service.close();
    }

    /** A clock the test sets: standing still, or going on from where it was set. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.EPOCH;
        private volatile long runningSince = -1;

        void set(Instant instant) {
            runningSince = -1;
            now = instant;
        }

        void runFrom(Instant instant) {
            now = instant;
            runningSince = System.nanoTime();
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
            long since = runningSince;
            return since < 0 ? now : now.plusNanos(System.nanoTime() - since);
        }
    }
}
