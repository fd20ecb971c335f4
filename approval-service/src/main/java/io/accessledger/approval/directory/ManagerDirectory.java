package io.accessledger.approval.directory;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.spine.inbound.EventConsumer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Who is whose manager, from the identity topic: enough to route a MANAGER task and to go one level up. */
@Component
public class ManagerDirectory implements EventConsumer {
    static final int LEVELS = 3;
    private final JdbcTemplate jdbc;

    public ManagerDirectory(JdbcTemplate jdbc) {
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

    /** The beneficiary's manager, their manager, and so on ({@value #LEVELS} levels), skipping leavers. */
    public List<EmployeeId> managerChain(EmployeeId employee) {
        List<EmployeeId> chain = new ArrayList<>();
        EmployeeId current = employee;
        for (int level = 0; level < LEVELS && current != null; level++) {
            List<String> managers = jdbc.queryForList("select manager_id from directory_employee where employee_id = ?"
                    + " and manager_id is not null", String.class, current.value());
            current = managers.isEmpty() ? null : EmployeeId.of(managers.get(0));
            if (current != null && !chain.contains(current) && active(current)) {
                chain.add(current);
            }
        }
        return chain;
    }

    private boolean active(EmployeeId employee) {
        List<String> status = jdbc.queryForList("select status from directory_employee where employee_id = ?",
                String.class, employee.value());
        return status.isEmpty() || !"TERMINATED".equals(status.get(0));
    }
}
