package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.review.UngovernedAccessAccepted;
import io.accessledger.spine.replay.ReadModel;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Ungoverned access the resource owner kept ({@code ungoverned_accepted}), projected from
 * {@code UngovernedAccessAccepted} on the review topic (consumer {@code ungoverned-accepted}): later reconciliations
 * count those members as accepted and report no new finding for them. Idempotent: the same finding accepted again
 * is one row.
 */
@Component
public class AcceptedFindingsView implements ReadModel {
    private final JdbcTemplate jdbc;

    public AcceptedFindingsView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "ungoverned-accepted";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REVIEW);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return UngovernedAccessAccepted.class.isAssignableFrom(type);
    }

    @Override
    public List<String> tables() {
        return List.of("ungoverned_accepted");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof UngovernedAccessAccepted a) {
            jdbc.update("""
                    insert into ungoverned_accepted (finding_id, target, member_id, reviewer_id, accepted_at)
                    values (?, ?, ?, ?, ?) on conflict (finding_id) do nothing""", a.findingId(), a.target(),
                    a.memberId(), a.reviewerId() == null ? null : a.reviewerId().value(),
                    Timestamp.from(a.occurredAt()));
        }
    }

    /** Which of these findings were accepted. */
    public Set<String> of(Collection<String> findingIds) {
        if (findingIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.queryForList("select finding_id from ungoverned_accepted where finding_id in ("
                + String.join(",", Collections.nCopies(findingIds.size(), "?")) + ")", String.class,
                findingIds.toArray()));
    }
}
