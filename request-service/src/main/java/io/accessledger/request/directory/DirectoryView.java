package io.accessledger.request.directory;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.spine.replay.ReadModel;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The directory as the identity topic tells it: who exists, their position and who their manager is. */
@Component
public class DirectoryView implements ReadModel {
    private final JdbcTemplate jdbc;

    public DirectoryView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "directory-view";
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
            EmployeeProfile p = identity.profile();
            jdbc.update("""
                    insert into directory_employee (employee_id, name, email, department, job_title, manager_id,
                        employment_type, status, training_on, background_check, mfa_enrolled, as_of)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (employee_id) do update set name = excluded.name, email = excluded.email,
                        department = excluded.department, job_title = excluded.job_title,
                        manager_id = excluded.manager_id, employment_type = excluded.employment_type,
                        status = excluded.status, training_on = excluded.training_on,
                        background_check = excluded.background_check, mfa_enrolled = excluded.mfa_enrolled,
                        as_of = excluded.as_of
                    where directory_employee.as_of <= excluded.as_of""",
                    p.employeeId().value(), p.name(), p.email(), p.department(), p.jobTitle(),
                    p.managerId() == null ? null : p.managerId().value(), name(p.employmentType()),
                    name(p.status()), p.securityTrainingCompletedOn() == null ? null
                            : Date.valueOf(p.securityTrainingCompletedOn()),
                    name(p.backgroundCheck()), p.mfaEnrolled(), java.sql.Timestamp.from(identity.occurredAt()));
        }
    }

    public Optional<EmployeeProfile> find(EmployeeId employeeId) {
        List<EmployeeProfile> found = jdbc.query("select * from directory_employee where employee_id = ?",
                DirectoryView::profile, employeeId.value());
        return found.stream().findFirst();
    }

    private static EmployeeProfile profile(ResultSet row, int n) throws SQLException {
        Date training = row.getDate("training_on");
        String manager = row.getString("manager_id");
        Object mfa = row.getObject("mfa_enrolled");
        return new EmployeeProfile(EmployeeId.of(row.getString("employee_id")), row.getString("name"),
                row.getString("email"), row.getString("department"), row.getString("job_title"),
                manager == null ? null : EmployeeId.of(manager),
                value(EmploymentType.class, row.getString("employment_type")),
                value(EmploymentStatus.class, row.getString("status")),
                training == null ? null : training.toLocalDate(),
                value(BackgroundCheck.class, row.getString("background_check")),
                mfa == null ? null : (Boolean) mfa);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static <E extends Enum<E>> E value(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
