package io.accessledger.policy.evaluation;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.Entitlement;
import io.accessledger.policy.access.AccessView;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import io.accessledger.web.InputIds;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/policy/evaluations}: what the policy in force would say of a request. No side effects. Asked
 * about oneself, by the beneficiary's manager or by an overseeing role only ({@link #mayAskAbout}).
 */
@RestController
public class SimulationController {
    /** The roles that oversee access and may ask about anyone (docs/SECURITY.md "Reads"). */
    private static final Set<String> OVERSEEING = Set.of(Caller.IAM, Caller.SECURITY, Caller.COMPLIANCE,
            Caller.AUDITOR, Caller.ADMIN);
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
    public Mono<Evaluator.Evaluation> evaluate(@RequestBody Hypothetical body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (body == null || body.beneficiaryId() == null || body.resourceId() == null || body.accessLevel() == null) {
            return Mono.error(ApiProblem.invalid("body", "beneficiaryId, resourceId and accessLevel are required"));
        }
        return Blocking.call(() -> {
            EmployeeId beneficiary = InputIds.employeeId("beneficiaryId", body.beneficiaryId());
            if (!mayAskAbout(caller, beneficiary)) {
                throw ApiProblem.forbidden("An evaluation is answered about yourself, to the beneficiary's manager"
                        + " and to the IAM, SECURITY, COMPLIANCE, AUDITOR and ADMIN roles");
            }
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
            return Evaluator.evaluate(policy, EvaluationInputs.read(access, beneficiary,
                    new Entitlement(body.resourceId(), body.accessLevel()), duration, "", LocalDate.now(clock)));
        });
    }

    /**
     * An evaluation tells what the beneficiary holds (a conflict names the held entitlement), has pending, and lacks
     * (trainings, background check): as a request's reading, it is the beneficiary's own, their manager's (who may
     * request for them) and the overseeing roles'. Checked before anything else is read, so someone else's id and an
     * id nobody has answer the same 403.
     */
    private boolean mayAskAbout(Caller caller, EmployeeId beneficiary) {
        return caller.employeeId().equals(beneficiary) || caller.roles().stream().anyMatch(OVERSEEING::contains)
                || access.person(beneficiary).map(EmployeeProfile::managerId).filter(caller.employeeId()::equals)
                        .isPresent();
    }
}
