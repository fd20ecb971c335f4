package io.accessledger.provisioning.notifications;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.spine.inbound.EventConsumer;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each person's name and e-mail address, from the identity topic: whom a task's notification is written to. A
 * projection: it only records, it never sends (so rebuilding it from the topic sends nothing).
 */
@Component
public class EmailDirectory implements EventConsumer {
    private final JdbcTemplate jdbc;

    public EmailDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "email-directory";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.IDENTITY);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof IdentityEvent identity && identity.profile() != null) {
            EmployeeProfile profile = identity.profile();
            jdbc.update("""
                    insert into notification_recipient (employee_id, name, email, status, as_of)
                    values (?, ?, ?, ?, ?)
                    on conflict (employee_id) do update set name = excluded.name, email = excluded.email,
                        status = excluded.status, as_of = excluded.as_of
                    where notification_recipient.as_of <= excluded.as_of""",
                    identity.employeeId().value(), profile.name(), profile.email(),
                    profile.status() == null ? null : profile.status().name(), Timestamp.from(identity.occurredAt()));
        }
    }

    /** The person with an e-mail address, if the directory has told us one. */
    public Optional<Recipient> recipient(EmployeeId employee) {
        List<Recipient> found = jdbc.query("select employee_id, name, email from notification_recipient"
                + " where employee_id = ? and email is not null and email <> ''",
                (rs, row) -> Recipient.person(rs.getString("employee_id"), rs.getString("name"), rs.getString("email")),
                employee.value());
        return found.stream().findFirst();
    }

    /** A person's name for a message: the directory's, else their id. */
    public String nameOf(EmployeeId employee) {
        if (employee == null) {
            return null;
        }
        List<String> names = jdbc.queryForList("select name from notification_recipient where employee_id = ?"
                + " and name is not null", String.class, employee.value());
        return names.isEmpty() ? employee.value() : names.get(0);
    }
}
