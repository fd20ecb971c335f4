package io.accessledger.request.servicenow;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link ServiceNowStore} in {@code servicenow_ritm} and {@code servicenow_writeback}: their only writer and reader. */
@Component
public class JdbcServiceNowStore implements ServiceNowStore {
    private final JdbcTemplate jdbc;

    public JdbcServiceNowStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> link(String sysId, String number, String requestId, Instant at) {
        int inserted = jdbc.update("""
                insert into servicenow_ritm (sys_id, number, request_id, received_at) values (?, ?, ?, ?)
                on conflict (sys_id) do nothing""", sysId, number, requestId, Timestamp.from(at));
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.queryForList("select request_id from servicenow_ritm where sys_id = ?", String.class, sysId)
                .stream().findFirst();
    }

    @Override
    public Optional<String> sysIdOf(String requestId) {
        List<String> found = jdbc.queryForList("select sys_id from servicenow_ritm where request_id = ?",
                String.class, requestId);
        return found.stream().findFirst();
    }

    @Override
    public Optional<String> numberOf(String sysId) {
        return jdbc.queryForList("select number from servicenow_ritm where sys_id = ?", String.class, sysId)
                .stream().filter(number -> number != null).findFirst();
    }

    @Override
    public boolean closed(String sysId) {
        Integer n = jdbc.queryForObject("""
                select count(*) from servicenow_writeback
                where sys_id = ? and status = 'DELIVERED' and state in ('3', '4')""", Integer.class, sysId);
        return n != null && n > 0;
    }

    @Override
    public void recordWriteBack(WriteBack w) {
        jdbc.update("""
                insert into servicenow_writeback (event_id, sys_id, state, status, attempts, last_error, at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (event_id) do update set state = excluded.state, status = excluded.status,
                    attempts = servicenow_writeback.attempts + excluded.attempts, last_error = excluded.last_error,
                    at = excluded.at""",
                w.eventId(), w.sysId(), w.state(), w.status(), w.attempts(), w.lastError(), Timestamp.from(w.at()));
    }
}
