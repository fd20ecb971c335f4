package io.accessledger.provisioning;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * provisioning-service as it runs ({@link RunningService}), plus what its tests need again and again: people the
 * directory knows, and the service's own topic read back.
 */
public final class ServiceFixture implements AutoCloseable {
    private final RunningService service;

    private ServiceFixture(RunningService service) {
        this.service = service;
    }

    /** Starts a broker and the service on it, with these extra sources (test beans) and arguments. */
    public static ServiceFixture start(String database, List<Class<?>> sources, String... args) {
        return new ServiceFixture(RunningService.start(ProvisioningServiceApplication.application()
                .sources(sources.toArray(Class<?>[]::new)), database, args));
    }

    public JdbcTemplate jdbc() {
        return service.jdbc();
    }

    public <T> T bean(Class<T> type) {
        return service.bean(type);
    }

    public String baseUrl() {
        return service.baseUrl();
    }

    public void publish(DomainEvent event, String source) {
        service.publish(event, source);
    }

    /** A person the directory knows, with an e-mail address (their sign-in name on targets) and a manager. */
    public void hire(String employeeId, String name, String email, String managerId) {
        publish(new EmployeeHired(EventId.of(UUID.randomUUID().toString()), EmployeeId.of(employeeId),
                new EmployeeProfile(EmployeeId.of(employeeId), name, email, "Engineering", "Engineer",
                        managerId == null ? null : EmployeeId.of(managerId), null, EmploymentStatus.ACTIVE, null, null,
                        true), LocalDate.parse("2026-01-01"), "bamboohr", Instant.parse("2026-11-01T08:00:00Z")),
                "request-service");
    }

    /**
     * {@code AccessApproved} for one employee's {@code resource:level} on a target, the resource owned by
     * {@code ownerId}; answers the grant it opens.
     */
    public GrantId approve(String employeeId, String requestId, String entitlement, String target, String ownerId) {
        Entitlement approved = Entitlement.parse(entitlement);
        RequestId request = RequestId.of(requestId);
        publish(new AccessApproved(EventId.of(UUID.randomUUID().toString()), request, EmployeeId.of(employeeId),
                approved, new ResourceSnapshot(approved.resourceId(), approved.resourceId(), target,
                        EmployeeId.of(ownerId), Sensitivity.LOW, List.of(), false),
                new Conditions(Duration.ofDays(30), null, null), List.of("policy"), "1", Duration.ofDays(90),
                Instant.parse("2026-11-02T09:00:00Z")), "approval-service");
        return Ids.grantFor(request);
    }

    /** The events of this type with this key on the service's own topic, as committed so far. */
    public <T extends DomainEvent> List<T> published(String key, Class<T> type) {
        return service.published(Topic.PROVISIONING, key, type);
    }

    @Override
    public void close() {
        service.close();
    }
}
