package io.accessledger.review.cleanup;

import io.accessledger.events.ids.EmployeeId;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The leaver clean-up's work list ({@code leaver}): who leaves on which date, and whether their grants were asked to
 * be revoked yet. Operational state of the clean-up (a queue with a done mark), not a read model.
 */
@Component
public class LeaverStore {
    private final JdbcTemplate jdbc;

    public LeaverStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A termination effective on that date (a later one for the same person replaces it and is done again). */
    public void leaves(EmployeeId employeeId, LocalDate effectiveOn, String causeId) {
        jdbc.update("insert into leaver (employee_id, effective_on, cause_id) values (?, ?, ?)"
                + " on conflict (employee_id) do update set effective_on = excluded.effective_on,"
                + " cause_id = excluded.cause_id, done = false", employeeId.value(), Date.valueOf(effectiveOn),
                causeId);
    }

    /** The person is no longer leaving (reinstated before the date, or rehired): nothing of theirs is to go. */
    public void forget(EmployeeId employeeId) {
        jdbc.update("delete from leaver where employee_id = ?", employeeId.value());
    }

    /** Whether the person has left by that day. */
    public boolean leftBy(EmployeeId employeeId, LocalDate day) {
        return !jdbc.queryForList("select 1 from leaver where employee_id = ? and effective_on <= ?",
                employeeId.value(), Date.valueOf(day)).isEmpty();
    }

    /** Leavers whose effective date has come by that day and whose grants were not asked to go yet. */
    public List<EmployeeId> due(LocalDate day) {
        return jdbc.queryForList("select employee_id from leaver where not done and effective_on <= ?"
                + " order by effective_on, employee_id", String.class, Date.valueOf(day)).stream()
                .map(EmployeeId::of).toList();
    }

    public void done(EmployeeId employeeId) {
        jdbc.update("update leaver set done = true where employee_id = ?", employeeId.value());
    }
}
