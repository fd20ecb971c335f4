package io.accessledger.approval.directory;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.spine.replay.ReadModel;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Who is whose manager ({@code directory_employee}), projected from the identity topic: enough to route a MANAGER
 * task and to go one level up. Its only writer and reader.
 */
@Component
public class DirectoryView implements ReadModel {
    static final int LEVELS = 3;
    private final JdbcTemplate jdbc;

    public DirectoryView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "manager-directory";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.IDENTITY);
    }

    @Override
    public List<String> tables() {
        return List.of("directory_employee");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof IdentityEvent identity) {
            jdbc.update("""
                    insert into directory_employee (employee_id, manager_id, status, as_of) values (?, ?, ?, ?)
                    on conflict (employee_id) do update set manager_id = excluded.manager_id,
                        status = excluded.status, as_of = excluded.as_of
                    where directory_employee.as_of <= excluded.as_of""",
                    identity.employeeId().value(),
                    identity.profile().managerId() == null ? null : identity.profile().managerId().value(),
                    identity.profile().status() == null ? null : identity.profile().status().name(),
                    Timestamp.from(identity.occurredAt()));
        }
    }

    /**
     * The chain's query: the employee's row and each manager's row, one join on the key per level, so every row is
     * read through the primary key whatever the planner knows of the table. A recursive query did the same walk, but
     * over a table without statistics (a read model filled from the identity topic and not yet analysed) its
     * recursive term was planned as a hash join over the whole table, once per level, and the managers' statuses as
     * one more: about 4,700 rows read per chain for a directory of 1,555 (0.8 ms; this query 0.1 ms), growing with
     * the directory until the table is analysed, and the statuses still read whole after that at that size
     * (BENCHMARKS, End-to-end, "Tenth round"). Column pair {@code k} is level {@code k}'s manager: its id is the
     * previous row's {@code manager_id}, its status its own row's (null when the manager has no row, which also ends
     * the chain, as the walk did).
     */
    static final String MANAGER_CHAIN = chainQuery(LEVELS);

    private static String chainQuery(int levels) {
        StringBuilder columns = new StringBuilder("select e0.manager_id, e1.status");
        StringBuilder joins = new StringBuilder("\nfrom directory_employee e0");
        for (int level = 1; level <= levels; level++) {
            if (level > 1) {
                columns.append(", e").append(level - 1).append(".manager_id, e").append(level).append(".status");
            }
            joins.append("\nleft join directory_employee e").append(level).append(" on e").append(level)
                    .append(".employee_id = e").append(level - 1).append(".manager_id");
        }
        return columns.append(joins).append("\nwhere e0.employee_id = ?").toString();
    }

    /**
     * The beneficiary's manager, their manager, and so on ({@value #LEVELS} levels, the joins of
     * {@link #MANAGER_CHAIN}), skipping leavers and anyone named twice (a cycle), in that order.
     */
    public List<EmployeeId> managerChain(EmployeeId employee) {
        return knownChain(employee).orElse(List.of());
    }

    /**
     * {@link #managerChain}, or nothing when the employee has no row yet (their identity event not handled here yet,
     * as against someone known to have no manager, whose chain is empty): one query either way.
     */
    public Optional<List<EmployeeId>> knownChain(EmployeeId employee) {
        List<EmployeeId> chain = new ArrayList<>();
        boolean[] known = {false};
        jdbc.query(MANAGER_CHAIN, (RowCallbackHandler) row -> {
            known[0] = true;
            for (int level = 0; level < LEVELS; level++) {
                String managerId = row.getString(1 + 2 * level);
                if (managerId == null) {
                    return;
                }
                EmployeeId manager = EmployeeId.of(managerId);
                if (!chain.contains(manager) && !"TERMINATED".equals(row.getString(2 + 2 * level))) {
                    chain.add(manager);
                }
            }
        }, employee.value());
        return known[0] ? Optional.of(chain) : Optional.empty();
    }
}
