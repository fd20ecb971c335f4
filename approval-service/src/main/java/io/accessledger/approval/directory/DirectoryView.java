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

    /** The beneficiary's manager, their manager, and so on ({@value #LEVELS} levels), skipping leavers. */
    public List<EmployeeId> managerChain(EmployeeId employee) {
        List<EmployeeId> chain = new ArrayList<>();
        jdbc.query("""
                with recursive up (manager_id, level) as (
                    select manager_id, 1 from directory_employee where employee_id = ? and manager_id is not null
                    union all
                    select e.manager_id, up.level + 1 from up join directory_employee e on e.employee_id = up.manager_id
                    where e.manager_id is not null and up.level < ?)
                select up.manager_id, m.status from up left join directory_employee m on m.employee_id = up.manager_id
                order by up.level""", (RowCallbackHandler) row -> {
            EmployeeId manager = EmployeeId.of(row.getString(1));
            if (!chain.contains(manager) && !"TERMINATED".equals(row.getString(2))) {
                chain.add(manager);
            }
        }, employee.value(), LEVELS);
        return chain;
    }
}
