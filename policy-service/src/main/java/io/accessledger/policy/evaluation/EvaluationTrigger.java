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

    public EvaluationTrigger(CommandGateway commands, PolicyVersions versions, AccessView access, JdbcTemplate jdbc,
            EvaluationLog log, Clock clock,
            @org.springframework.beans.factory.annotation.Value("${accessledger.policy.identity-grace:PT15S}")
            Duration identityGrace) {
        this.identityGrace = identityGrace;
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
            awaitIdentity(s.beneficiaryId(), s.occurredAt());
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
     * A new hire's birthright requests follow their {@code EmployeeHired} at once, but this service learns of people
     * through another consumer (the access view, on the identity topic), which may not have caught up. For a request
     * submitted within the grace period, wait (a little, polling) for the beneficiary to be known rather than flag an
     * unknown beneficiary; after it, evaluate with what is known.
     */
    private void awaitIdentity(EmployeeId beneficiaryId, java.time.Instant submittedAt) {
        java.time.Instant deadline = submittedAt.plus(identityGrace);
        while (access.person(beneficiaryId).isEmpty() && clock.instant().isBefore(deadline)) {
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
