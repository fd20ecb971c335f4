package io.accessledger.policy.evaluation;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;

import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.policy.access.AccessView;
import io.accessledger.policy.document.PolicyVersions;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.inbound.HandledEvents;
import io.accessledger.events.model.RequestSource;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Evaluates every submitted or revised request against the policy in force, and records the verdict. */
@Component
public class EvaluationTrigger implements EventConsumer {
    private final CommandGateway commands;
    private final PolicyVersions versions;
    private final AccessView access;
    private final JdbcTemplate jdbc;
    private final EvaluationLog log;
    private final Clock clock;
    private final Duration identityGrace;
    private final HandledEvents handled;

    public EvaluationTrigger(CommandGateway commands, PolicyVersions versions, AccessView access, JdbcTemplate jdbc,
            EvaluationLog log, Clock clock,
            @org.springframework.beans.factory.annotation.Value("${accessledger.policy.identity-grace:PT15S}")
            Duration identityGrace, HandledEvents handled) {
        this.identityGrace = identityGrace;
        this.handled = handled;
        this.commands = commands;
        this.log = log;
        this.versions = versions;
        this.access = access;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "evaluation";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REQUEST);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof RequestSubmitted s) {
            jdbc.update("insert into request_seen (request_id, beneficiary_id, resource_id, access_level,"
                    + " access_duration) values (?, ?, ?, ?, ?) on conflict do nothing", s.requestId().value(),
                    s.beneficiaryId().value(), s.resourceId(), s.accessLevel(),
                    s.accessDuration() == null ? null : s.accessDuration().toString());
            access.startPending(s.requestId().value(), s.beneficiaryId(), s.entitlement());
            awaitIdentity(s, envelope);
            evaluate(s.requestId(), s.beneficiaryId(), s.entitlement(), s.accessDuration(), envelope);
        } else if (event instanceof RequestRevised r) {
            List<String[]> seen = jdbc.query("select beneficiary_id, resource_id from request_seen where request_id = ?",
                    (row, n) -> new String[] {row.getString(1), row.getString(2)}, r.requestId().value());
            if (seen.isEmpty()) {
                throw new IllegalStateException("revision of unknown request " + r.requestId());
            }
            Entitlement revised = new Entitlement(seen.get(0)[1], r.accessLevel());
            evaluate(r.requestId(), EmployeeId.of(seen.get(0)[0]), revised, r.accessDuration(), envelope);
        }
    }

    /**
     * A joiner's or mover's requests follow their {@code EmployeeHired} / {@code EmployeeTransferred} at once, but
     * this service learns of people through another consumer (the access view, on the identity topic), which may not
     * have caught up: evaluated now, a new hire would be an unknown beneficiary and a mover's request would be judged
     * against the old position. So such a request, within the grace period after its submission, waits (polling)
     * until the access view has handled the identity event that caused it; after that, it is evaluated with what is
     * known. Requests from people (portal, ServiceNow) wait only while their beneficiary is unknown.
     */
    private void awaitIdentity(RequestSubmitted s, Envelope envelope) {
        java.time.Instant deadline = s.occurredAt().plus(identityGrace);
        boolean fromHris = s.source() == RequestSource.HRIS_JOINER || s.source() == RequestSource.HRIS_MOVER;
        String cause = fromHris ? envelope.causationId() : null;
        while (clock.instant().isBefore(deadline) && (access.person(s.beneficiaryId()).isEmpty()
                || (cause != null && !handled.handled(AccessView.NAME, cause)))) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void evaluate(RequestId requestId, EmployeeId beneficiaryId, Entitlement entitlement, Duration duration,
            Envelope cause) {
        CompiledPolicy policy = versions.active()
                .orElseThrow(() -> new IllegalStateException("no policy has been published yet")).compiled();
        Evaluator.Input input = new Evaluator.Input(beneficiaryId.value(), access.person(beneficiaryId).orElse(null),
                entitlement, duration, access.held(beneficiaryId), access.pending(beneficiaryId, requestId.value()),
                LocalDate.now(clock));
        Evaluator.Evaluation evaluation = Evaluator.evaluate(policy, input);
        java.time.Instant at = clock.instant();
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new RequestEvaluation.RecordEvaluation(
                requestId, beneficiaryId, entitlement, evaluation, cause.id(), at))
                .andMetaData(Causation.of(cause)));
        log.record(requestId.value(), cause.id(), at, input, evaluation);
    }
}
