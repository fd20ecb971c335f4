package io.accessledger.policy.evaluation;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.policy.access.AccessView;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.InputIds;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /api/v1/policy/evaluations}: what the policy in force would say of a request. No side effects. */
@RestController
public class SimulationController {
    private final PolicyInForce policyInForce;
    private final AccessView access;
    private final Clock clock;

    public SimulationController(PolicyInForce policyInForce, AccessView access, Clock clock) {
        this.policyInForce = policyInForce;
        this.access = access;
        this.clock = clock;
    }

    public record Hypothetical(String beneficiaryId, String resourceId, String accessLevel, String accessDuration) {
    }

    @PostMapping("/api/v1/policy/evaluations")
    public Mono<Evaluator.Evaluation> evaluate(@RequestBody Hypothetical body) {
        if (body == null || body.beneficiaryId() == null || body.resourceId() == null || body.accessLevel() == null) {
            return Mono.error(ApiProblem.invalid("body", "beneficiaryId, resourceId and accessLevel are required"));
        }
        return Blocking.call(() -> {
            CompiledPolicy policy = policyInForce.compiled()
                    .orElseThrow(() -> ApiProblem.notFound("A published policy"));
            if (policy.resource(body.resourceId()).flatMap(r -> r.level(body.accessLevel())).isEmpty()) {
                throw ApiProblem.refused("unknown-entitlement", "resourceId", "Unknown entitlement",
                        body.resourceId() + ":" + body.accessLevel() + " is not in the catalog");
            }
            Duration duration;
            try {
                duration = body.accessDuration() == null ? null : Duration.parse(body.accessDuration());
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalid("accessDuration", "not an ISO-8601 duration");
            }
            EmployeeId beneficiary = InputIds.employeeId("beneficiaryId", body.beneficiaryId());
            return Evaluator.evaluate(policy, EvaluationInputs.read(access, beneficiary,
                    new Entitlement(body.resourceId(), body.accessLevel()), duration, "", LocalDate.now(clock)));
        });
    }
}
