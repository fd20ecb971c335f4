package io.accessledger.request.lifecycle;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Terminations dated ahead ({@code leaver_withdrawal}): whose undecided requests are to be withdrawn on which date.
 * Operational state of the joiner/mover/leaver consumer (a work list it fills and its sweep empties), not a read model.
 */
@Component
public class LeaverWithdrawalStore {
    private final JdbcTemplate jdbc;

    public LeaverWithdrawalStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One person's termination to carry out on its date. */
    public record Due(EmployeeId employeeId, LocalDate effectiveOn, EventId terminationId) {
    }

    /** The person leaves on that date (a later termination of the same person replaces an earlier one). */
    public void leavesOn(EmployeeId employeeId, LocalDate effectiveOn, EventId terminationId) {
        jdbc.update("""
                insert into leaver_withdrawal (employee_id, effective_on, termination_id) values (?, ?, ?)
                on conflict (employee_id) do update set effective_on = excluded.effective_on,
                    termination_id = excluded.termination_id""",
                employeeId.value(), Date.valueOf(effectiveOn), terminationId.value());
    }

    /** The person no longer leaves on a date ahead (reinstated, or a termination effective now replaced it). */
    public void forget(EmployeeId employeeId) {
        jdbc.update("delete from leaver_withdrawal where employee_id = ?", employeeId.value());
    }

    /** The terminations whose date has come by that day, oldest first. */
    public List<Due> due(LocalDate day) {
        return jdbc.query("""
                select employee_id, effective_on, termination_id from leaver_withdrawal where effective_on <= ?
                order by effective_on, employee_id""",
                (rs, n) -> new Due(EmployeeId.of(rs.getString(1)), rs.getDate(2).toLocalDate(),
                        EventId.of(rs.getString(3))), Date.valueOf(day));
    }

    /** That termination was carried out (unless another one replaced it meanwhile). */
    public void done(Due due) {
        jdbc.update("delete from leaver_withdrawal where employee_id = ? and termination_id = ?",
                due.employeeId().value(), due.terminationId().value());
    }
}
