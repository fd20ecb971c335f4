package io.accessledger.review.cleanup;

import io.accessledger.events.ids.EmployeeId;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The mover clean-up's work list ({@code mover}): who moves to which position on which date, and whether what falls
 * outside the new position was asked to be revoked yet. Operational state of the clean-up, not a read model.
 */
@Component
public class MoverStore {
    private final JdbcTemplate jdbc;

    public MoverStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A move to a position, effective on a date. */
    public record Move(EmployeeId employeeId, LocalDate effectiveOn, String department, String jobTitle,
            EmployeeId managerId) {
    }

    /** A move (a later one for the same person replaces it and is done again). */
    public void moves(Move move, String causeId) {
        jdbc.update("""
                insert into mover (employee_id, effective_on, department, job_title, cause_id, manager_id)
                values (?, ?, ?, ?, ?, ?)
                on conflict (employee_id) do update set effective_on = excluded.effective_on,
                    department = excluded.department, job_title = excluded.job_title,
                    manager_id = excluded.manager_id,
                    cause_id = excluded.cause_id, done = false""",
                move.employeeId().value(), Date.valueOf(move.effectiveOn()), move.department(), move.jobTitle(),
                causeId, move.managerId() == null ? null : move.managerId().value());
    }

    public Optional<Move> of(EmployeeId employeeId) {
        return jdbc.query("select employee_id, effective_on, department, job_title, manager_id from mover where employee_id = ?",
                (row, n) -> new Move(EmployeeId.of(row.getString(1)), row.getDate(2).toLocalDate(),
                        row.getString(3), row.getString(4), managerOf(row.getString(5))), employeeId.value()).stream().findFirst();
    }

    /** Moves whose effective date has come by that day and that were not cleaned up yet. */
    public List<Move> due(LocalDate day) {
        return jdbc.query("select employee_id, effective_on, department, job_title, manager_id from mover"
                + " where not done and effective_on <= ? order by effective_on, employee_id",
                (row, n) -> new Move(EmployeeId.of(row.getString(1)), row.getDate(2).toLocalDate(),
                        row.getString(3), row.getString(4), managerOf(row.getString(5))), Date.valueOf(day));
    }

    private static EmployeeId managerOf(String id) {
        return id == null ? null : EmployeeId.of(id);
    }

    public void done(EmployeeId employeeId) {
        jdbc.update("update mover set done = true where employee_id = ?", employeeId.value());
    }
}
