package io.accessledger.request.servicenow;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.RequestScoped;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.model.WriteBackOutcome;
import io.accessledger.request.timeline.RequestStatus;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Writes each state change of a request that came from ServiceNow back to its RITM: a work note naming the event and
 * the RITM state. States: submitted, in review, returned, approved → 2 (Work in Progress); provisioned → 3 (Closed
 * Complete); denied, withdrawn, failed → 4 (Closed Incomplete); revoked/expired are not written back. Once a
 * write-back has closed the RITM, later notes are written without a state (no reopening).
 *
 * <p>Each outcome is published as {@link io.accessledger.events.request.ServiceNowItemUpdated} (through the
 * {@link RitmWriteBack} aggregate of the cause, so a redelivered cause records once) and kept in
 * the {@link ServiceNowStore} (attempts summed over redeliveries; it answers whether the RITM is closed): a delivery
 * in the spine's transaction (with its dedupe), a failure in a transaction of its own (it survives the rollback)
 * before the exception is thrown for the spine to retry and dead-letter.
 */
public class ServiceNowWriteBack implements EventConsumer {
    private static final Logger log = LoggerFactory.getLogger(ServiceNowWriteBack.class);
    private final ServiceNowStore store;
    private final ServiceNowClient client;
    private final TransactionOperations independent;
    private final CausedCommands commands;
    private final Clock clock;

    public ServiceNowWriteBack(ServiceNowStore store, ServiceNowClient client, TransactionOperations independent,
            CausedCommands commands, Clock clock) {
        this.store = store;
        this.client = client;
        this.independent = independent;
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "servicenow-writeback";
    }

    /**
     * Record by record, never a poll in one transaction (it writes to the RITM in ServiceNow, and keeps a failure in a
     * transaction of its own): a poll rolled back for another record
     * would do it a second time for the records of it that had succeeded.
     */
    @Override
    public boolean effectInTransaction() {
        return false;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REQUEST, Topic.APPROVAL, Topic.PROVISIONING);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return client.configured() && EventConsumer.isOneOf(type, RequestScoped.class);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (!(event instanceof RequestScoped scoped)) {
            return;
        }
        Optional<RequestStatus> status = RequestStatus.after(event);
        Optional<String> state = status.flatMap(ServiceNowWriteBack::state);
        if (state.isEmpty()) {
            return;
        }
        if (!client.configured()) {
            log.debug("ServiceNow instance not configured: {} not written back", event.eventId());
            return;
        }
        Optional<String> sysId = store.sysIdOf(scoped.requestId().value());
        if (sysId.isEmpty()) {
            return;
        }
        String stateToWrite = store.closed(sysId.get()) ? null : state.get();
        String note = note(status.get(), event);
        String eventId = event.eventId().value();
        String number = store.numberOf(sysId.get()).orElse(null);
        try {
            ServiceNowClient.Delivered delivered = client.patch(sysId.get(), stateToWrite, note);
            store.recordWriteBack(new ServiceNowStore.WriteBack(eventId, sysId.get(), stateToWrite, "DELIVERED",
                    delivered.attempts(), null, clock.instant()));
            record(envelope, new RitmWriteBack.RecordWriteBack(RitmWriteBack.idFor(event.eventId()),
                    scoped.requestId(), sysId.get(), number, stateToWrite, note, WriteBackOutcome.DELIVERED,
                    delivered.attempts(), null, event.eventId(), clock.instant()));
        } catch (RuntimeException e) {
            int attempts = e instanceof ServiceNowClient.WriteBackFailed f ? f.attempts() : 0;
            independent.executeWithoutResult(tx -> {
                store.recordWriteBack(new ServiceNowStore.WriteBack(eventId, sysId.get(), stateToWrite, "FAILED",
                        attempts, e.getMessage(), clock.instant()));
                record(envelope, new RitmWriteBack.RecordWriteBack(RitmWriteBack.idFor(event.eventId()),
                        scoped.requestId(), sysId.get(), number, stateToWrite, note, WriteBackOutcome.FAILED,
                        attempts, e.getMessage(), event.eventId(), clock.instant()));
            });
            throw e;
        }
    }

    private void record(Envelope cause, RitmWriteBack.RecordWriteBack command) {
        commands.send(command, cause);
    }

    /** The RITM state for a request status; empty: not written back. */
    static Optional<String> state(RequestStatus status) {
        return Optional.ofNullable(switch (status) {
            case SUBMITTED, IN_REVIEW, RETURNED, APPROVED -> "2";
            case PROVISIONED -> "3";
            case DENIED, WITHDRAWN, FAILED -> "4";
            case REVOKED, EXPIRED -> null;
        });
    }

    /** E.g. "AccessLedger: approved by E1031 — Fits the role (request R-…)". */
    static String note(RequestStatus status, DomainEvent event) {
        String what = switch (status) {
            case SUBMITTED -> "submitted";
            case IN_REVIEW -> "in review";
            case RETURNED -> "returned for revision";
            case APPROVED -> "approved";
            case PROVISIONED -> "access provisioned";
            case DENIED -> "denied";
            case WITHDRAWN -> "withdrawn";
            case FAILED -> "provisioning failed";
            case REVOKED -> "access revoked";
            case EXPIRED -> "access expired";
        };
        StringBuilder note = new StringBuilder("AccessLedger: ").append(what);
        if (event instanceof AccessApproved approved && approved.approvedBy() != null
                && !approved.approvedBy().isEmpty()) {
            note.append(" by ").append(String.join(", ", approved.approvedBy()));
        } else if (event.actorId() != null) {
            note.append(" by ").append(event.actorId().value());
        }
        if (event.reason() != null && !event.reason().isBlank()) {
            note.append(" — ").append(event.reason());
        }
        if (event instanceof RequestScoped scoped) {
            note.append(" (request ").append(scoped.requestId().value()).append(")");
        }
        return note.toString();
    }
}
