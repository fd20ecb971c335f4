package io.accessledger.policy.evaluation;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.policy.access.AccessView;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.inbound.HandledEvents;
import io.accessledger.spine.inbound.NotYet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Evaluates every submitted or revised request against the policy in force, and records the verdict. */
@Component
public class EvaluationTrigger implements EventConsumer {
    private final CausedCommands commands;
    private final PolicyInForce policy;
    private final AccessView access;
    private final SeenRequestView seen;
    private final EvaluationLogStore log;
    private final Clock clock;
    private final HandledEvents handled;

    public EvaluationTrigger(CausedCommands commands, PolicyInForce policy, AccessView access, SeenRequestView seen,
            EvaluationLogStore log, Clock clock, HandledEvents handled) {
        this.commands = commands;
        this.policy = policy;
        this.access = access;
        this.seen = seen;
        this.log = log;
        this.clock = clock;
        this.handled = handled;
    }

    @Override
    public String name() {
        return "evaluation";
    }

    /**
     * Its effect lies in the handling transaction (the views and the evaluation log are this service's tables, the
     * verdict a command on the request's evaluation, whose handler only applies events; the compiled policy is read,
     * never changed): its polls are applied whole, in one transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REQUEST);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof RequestSubmitted s) {
            requireIdentity(s, envelope);
            seen.on(s);
            access.startPending(s.requestId().value(), s.beneficiaryId(), s.entitlement());
            evaluate(s.requestId(), s.beneficiaryId(), s.entitlement(), s.accessDuration(), envelope);
        } else if (event instanceof RequestRevised r) {
            SeenRequestView.SeenRequest request = seen.find(r.requestId())
                    .orElseThrow(() -> new IllegalStateException("revision of unknown request " + r.requestId()));
            access.revisePending(r.requestId().value(), r.accessLevel());
            evaluate(r.requestId(), request.beneficiaryId(), new Entitlement(request.resourceId(), r.accessLevel()),
                    r.accessDuration(), envelope);
        }
    }

    /**
     * A joiner's or mover's requests follow their {@code EmployeeHired} / {@code EmployeeTransferred} at once, but
     * this service learns of people through another consumer (the access view, on the identity topic), which may not
     * have caught up: evaluated now, a new hire would be an unknown beneficiary and a mover's request would be judged
     * against the old position. So such a request waits ({@link NotYet}: parked, tried again with back-off, with no
     * time bound but the spine's park-max-age) until the access view has handled the identity event that caused it.
     * Any request waits the same way while its beneficiary is not in the access view at all: request-service admits
     * requests only for people in its directory, whose identity events are on their way. A request for someone known
     * (portal, ServiceNow) waits for nothing.
     */
    private void requireIdentity(RequestSubmitted s, Envelope envelope) {
        if (access.person(s.beneficiaryId()).isEmpty()) {
            throw new NotYet("the identity of " + s.beneficiaryId() + " in the access view");
        }
        boolean fromHris = s.source() == RequestSource.HRIS_JOINER || s.source() == RequestSource.HRIS_MOVER;
        String cause = envelope.causationId();
        if (fromHris && cause != null && !handled.handled(AccessView.NAME, cause)) {
            throw new NotYet("identity event " + cause + " (the cause of " + s.requestId() + ") in the access view");
        }
    }

    private void evaluate(RequestId requestId, EmployeeId beneficiaryId, Entitlement entitlement, Duration duration,
            Envelope cause) {
        CompiledPolicy compiled = policy.compiled()
                .orElseThrow(() -> new NotYet("a published policy version"));
        Evaluator.Input input = EvaluationInputs.read(access, beneficiaryId, entitlement, duration, requestId.value(),
                LocalDate.now(clock));
        Evaluator.Evaluation evaluation = Evaluator.evaluate(compiled, input);
        Instant at = clock.instant();
        commands.send(new RequestEvaluation.RecordEvaluation(requestId, beneficiaryId, entitlement, evaluation,
                cause.id(), at), cause);
        log.record(requestId.value(), cause.id(), at, input, evaluation);
    }
}
