package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.provisioning.UngovernedAccessDetected;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The member each finding of ungoverned access names, with its sign-in name on the target ({@code ungoverned_finding}),
 * so that a removal a review asks for — whose {@code UngovernedAccessRemovalRequested} carries only the member's id —
 * takes out and publishes the member with its {@code userName}. Kept in the reconciliation command's own transaction by
 * an Axon subscribing handler (processor {@value #GROUP}) from the {@link Reconciliation}'s
 * {@link UngovernedAccessDetected}; a finding found again updates its row.
 */
@Component
@ProcessingGroup(UngovernedFindingsStore.GROUP)
public class UngovernedFindingsStore {
    public static final String GROUP = "ungoverned-findings";
    private final JdbcTemplate jdbc;

    public UngovernedFindingsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UngovernedAccessDetected e) {
        jdbc.update("""
                insert into ungoverned_finding (finding_id, member_id, user_name) values (?, ?, ?)
                on conflict (finding_id) do update set member_id = excluded.member_id, user_name = excluded.user_name""",
                e.findingId(), e.memberId(), e.userName());
    }

    /** The sign-in name of that finding's member, when a run of this service found it and the target gave one. */
    public Optional<String> userName(String findingId, String memberId) {
        List<String> names = jdbc.queryForList(
                "select user_name from ungoverned_finding where finding_id = ? and member_id = ?", String.class,
                findingId, memberId);
        return names.stream().filter(n -> n != null).findFirst();
    }
}
