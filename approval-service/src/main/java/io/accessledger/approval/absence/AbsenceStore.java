package io.accessledger.approval.absence;

import io.accessledger.events.ids.EmployeeId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who is away, and who covers for them ({@code out_of_office}): personal configuration that people set, not a
 * projection of events, so a store. Its effect is: a task that
 * lands on someone away is delegated to their cover, recorded as a {@code TaskDelegated} with the absence as reason.
 */
@Component
public class AbsenceStore {
    private final JdbcTemplate jdbc;

    public AbsenceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One person's absence and its cover. */
    public record Absence(EmployeeId employeeId, EmployeeId coverId, Instant from, Instant until, String reason) {
    }

    public void set(Absence absence) {
        jdbc.update("""
                insert into out_of_office (employee_id, cover_id, from_at, until_at, reason) values (?, ?, ?, ?, ?)
                on conflict (employee_id) do update set cover_id = excluded.cover_id, from_at = excluded.from_at,
                    until_at = excluded.until_at, reason = excluded.reason""",
                absence.employeeId().value(), absence.coverId().value(), Timestamp.from(absence.from()),
                Timestamp.from(absence.until()), absence.reason());
    }

    public boolean clear(EmployeeId employeeId) {
        return jdbc.update("delete from out_of_office where employee_id = ?", employeeId.value()) > 0;
    }

    public Optional<Absence> of(EmployeeId employeeId) {
        List<Absence> found = jdbc.query("select employee_id, cover_id, from_at, until_at, reason from out_of_office where employee_id = ?", (row, n) ->
                new Absence(EmployeeId.of(row.getString("employee_id")), EmployeeId.of(row.getString("cover_id")),
                        row.getTimestamp("from_at").toInstant(), row.getTimestamp("until_at").toInstant(),
                        row.getString("reason")), employeeId.value());
        return found.stream().findFirst();
    }

    /** The absence of this person at that moment, if they are away then. */
    public Optional<Absence> at(EmployeeId employeeId, Instant at) {
        return of(employeeId).filter(a -> !at.isBefore(a.from()) && at.isBefore(a.until()));
    }
}
