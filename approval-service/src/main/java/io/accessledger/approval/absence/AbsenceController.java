package io.accessledger.approval.absence;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import io.accessledger.web.InputIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/approvals/out-of-office}: the caller's own absence and who covers their approvals. */
@RestController
public class AbsenceController {
    static final Duration LONGEST = Duration.ofDays(180);
    private final AbsenceStore absences;
    private final Clock clock;

    public AbsenceController(AbsenceStore absences, Clock clock) {
        this.absences = absences;
        this.clock = clock;
    }

    public record AbsenceBody(String coverId, String from, String until, String reason) {
    }

    @PutMapping("/api/v1/approvals/out-of-office")
    public Mono<AbsenceStore.Absence> set(@RequestBody AbsenceBody body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (body == null || body.coverId() == null || body.coverId().isBlank()) {
            return Mono.error(ApiProblem.invalid("coverId", "coverId (who covers your approvals) is required"));
        }
        if (body.coverId().equals(caller.employeeId().value())) {
            return Mono.error(ApiProblem.refused("coverIsSomeoneElse", "coverId", "Invalid cover",
                    "You cannot cover for yourself"));
        }
        Instant from = body.from() == null ? clock.instant() : instant(body.from(), "from");
        Instant until = instant(body.until(), "until");
        if (!until.isAfter(from) || Duration.between(from, until).compareTo(LONGEST) > 0) {
            return Mono.error(ApiProblem.refused("absenceWindow", "until", "Invalid absence",
                    "until must be after from, and an absence lasts at most " + LONGEST.toDays() + " days"));
        }
        AbsenceStore.Absence absence = new AbsenceStore.Absence(caller.employeeId(),
                InputIds.employeeId("coverId", body.coverId()), from,
                until, body.reason());
        return Blocking.call(() -> {
            absences.set(absence);
            return absence;
        });
    }

    @GetMapping("/api/v1/approvals/out-of-office")
    public Mono<AbsenceStore.Absence> get(Authentication authentication) {
        EmployeeId me = Caller.of(authentication).employeeId();
        return Blocking.call(() -> absences.of(me).orElseThrow(() -> ApiProblem.notFound("An absence of " + me)));
    }

    @DeleteMapping("/api/v1/approvals/out-of-office")
    public Mono<ResponseEntity<Map<String, String>>> clear(Authentication authentication) {
        EmployeeId me = Caller.of(authentication).employeeId();
        return Blocking.call(() -> {
            if (!absences.clear(me)) {
                throw ApiProblem.notFound("An absence of " + me);
            }
            return ResponseEntity.noContent().<Map<String, String>>build();
        });
    }

    private static Instant instant(String text, String field) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.invalid(field, field + " is required (an ISO-8601 instant)");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "'" + text + "' is not an ISO-8601 instant such as 2026-11-30T00:00:00Z");
        }
    }
}
