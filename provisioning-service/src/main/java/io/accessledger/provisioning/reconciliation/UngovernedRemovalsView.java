package io.accessledger.provisioning.reconciliation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The removals of ungoverned access and what came of them ({@code ungoverned_removal}): REMOVED with the target's
 * reference, or FAILED with the target's answer and the attempts made, so a removal that could not be made stays in
 * sight of IAM ({@code GET /api/v1/reconciliations/removals?status=FAILED}). Kept in the removal command's own
 * transaction by an Axon subscribing handler (processor {@value #GROUP}), from the {@link UngovernedRemoval}'s
 * internal events. A retry ({@link UngovernedRemoval.UngovernedRemovalRetried}) updates the removal's row with what
 * came of it: REMOVED (it leaves the failures) or FAILED with the target's new answer; {@code attempts} counts them all.
 */
@Component
@ProcessingGroup(UngovernedRemovalsView.GROUP)
public class UngovernedRemovalsView {
    public static final String GROUP = "ungoverned-removals";
    private static final int LIMIT = 200;
    private final JdbcTemplate jdbc;

    public UngovernedRemovalsView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A removal as it ended. */
    public record Removal(String removalId, String findingId, String target, String entitlement, String group,
            String memberId, String userName, String cause, String removedBy, String status, int attempts,
            String answer, Instant at) {
    }

    @EventHandler
    void on(UngovernedRemoval.UngovernedRemovalDone e) {
        jdbc.update("""
                insert into ungoverned_removal (removal_id, finding_id, target, member_id, cause, status, attempts,
                    answer, at) values (?, ?, ?, ?, ?, 'REMOVED', ?, ?, ?)
                on conflict (removal_id) do update set status = 'REMOVED', attempts = ungoverned_removal.attempts
                    + excluded.attempts, answer = excluded.answer, at = excluded.at""",
                e.removalId(), e.findingId(), e.target(), e.memberId(), e.cause().name(), e.attempts(),
                e.reference(), Timestamp.from(e.at()));
    }

    @EventHandler
    void on(UngovernedRemoval.UngovernedRemovalFailed e) {
        jdbc.update("""
                insert into ungoverned_removal (removal_id, finding_id, target, entitlement, grp, member_id,
                    user_name, cause, removed_by, status, attempts, answer, at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'FAILED', ?, ?, ?)
                on conflict (removal_id) do update set status = 'FAILED', attempts = ungoverned_removal.attempts
                    + excluded.attempts, answer = excluded.answer, at = excluded.at""",
                e.removalId(), e.findingId(), e.target(), e.entitlement() == null ? null : e.entitlement().toString(),
                e.group(), e.memberId(), e.userName(), e.cause().name(),
                e.removedBy() == null ? null : e.removedBy().value(), e.attempts(), e.answer(),
                Timestamp.from(e.at()));
    }

    /** The latest removals, all or of one status (REMOVED, FAILED), latest first. */
    public List<Removal> recent(String status) {
        return status == null
                ? jdbc.query("select * from ungoverned_removal order by at desc, removal_id limit ?",
                        UngovernedRemovalsView::removal, LIMIT)
                : jdbc.query("select * from ungoverned_removal where status = ? order by at desc, removal_id limit ?",
                        UngovernedRemovalsView::removal, status, LIMIT);
    }

    private static Removal removal(ResultSet row, int n) throws SQLException {
        return new Removal(row.getString("removal_id"), row.getString("finding_id"), row.getString("target"),
                row.getString("entitlement"), row.getString("grp"), row.getString("member_id"),
                row.getString("user_name"), row.getString("cause"), row.getString("removed_by"),
                row.getString("status"), row.getInt("attempts"), row.getString("answer"),
                row.getTimestamp("at").toInstant());
    }
}
