package io.accessledger.provisioning.directory;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.spine.replay.ReadModel;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each person's name, e-mail address and manager, from the identity topic: the sign-in name connectors look the
 * person up by on a target, and whom a notification is written to. A projection: it only records, it never sends or
 * calls (so rebuilding it from the topic does neither). The only writer and reader of {@code notification_recipient}.
 */
@Component
public class PeopleView implements ReadModel {
    private final JdbcTemplate jdbc;

    public PeopleView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A person as provisioning knows them. {@code email} is also their sign-in name on targets. */
    public record Person(EmployeeId employeeId, String name, String email, EmployeeId managerId) {
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
    public List<String> tables() {
        return List.of("notification_recipient");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof IdentityEvent identity && identity.profile() != null) {
            EmployeeProfile profile = identity.profile();
            jdbc.update("""
                    insert into notification_recipient (employee_id, name, email, status, manager_id, as_of)
                    values (?, ?, ?, ?, ?, ?)
                    on conflict (employee_id) do update set name = excluded.name, email = excluded.email,
                        status = excluded.status, manager_id = excluded.manager_id, as_of = excluded.as_of
                    where notification_recipient.as_of <= excluded.as_of""",
                    identity.employeeId().value(), profile.name(), profile.email(),
                    profile.status() == null ? null : profile.status().name(),
                    profile.managerId() == null ? null : profile.managerId().value(),
                    Timestamp.from(identity.occurredAt()));
        }
    }

    /** The person, if the directory has told us of them with an e-mail address. */
    public Optional<Person> person(EmployeeId employee) {
        if (employee == null) {
            return Optional.empty();
        }
        List<Person> found = jdbc.query("select employee_id, name, email, manager_id from notification_recipient"
                + " where employee_id = ? and email is not null and email <> ''",
                (rs, row) -> new Person(EmployeeId.of(rs.getString("employee_id")), rs.getString("name"),
                        rs.getString("email"), rs.getString("manager_id") == null ? null
                                : EmployeeId.of(rs.getString("manager_id"))),
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

    /** A person as listed to an outside reader (SailPoint): {@code status} is the employment status. */
    public record Listed(String employeeId, String name, String email, String status) {
    }

    /** These people as the directory knows them (those it knows), by employee id. */
    public Map<String, Listed> listed(Collection<String> employeeIds) {
        Map<String, Listed> found = new HashMap<>();
        if (employeeIds.isEmpty()) {
            return found;
        }
        jdbc.query("select employee_id, name, email, status from notification_recipient where employee_id in ("
                + String.join(",", Collections.nCopies(employeeIds.size(), "?")) + ")", (ResultSet row) -> {
                    found.put(row.getString(1), new Listed(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4)));
                }, employeeIds.toArray());
        return found;
    }

    /** Who signs in with each of these logins (e-mail, compared without case), for those the directory knows. */
    public Map<String, EmployeeId> byLogin(Collection<String> logins) {
        Map<String, EmployeeId> found = new HashMap<>();
        if (logins.isEmpty()) {
            return found;
        }
        jdbc.query("select lower(email), employee_id from notification_recipient where lower(email) in ("
                + String.join(",", Collections.nCopies(logins.size(), "lower(?)")) + ")", (ResultSet row) -> {
                    found.putIfAbsent(row.getString(1), EmployeeId.of(row.getString(2)));
                }, logins.toArray());
        return found;
    }
}
