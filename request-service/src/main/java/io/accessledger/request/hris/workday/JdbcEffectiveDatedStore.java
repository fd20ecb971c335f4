package io.accessledger.request.hris.workday;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.accessledger.request.hris.Json;
import io.accessledger.request.hris.WorkerEvent;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link EffectiveDatedStore} in {@code hris_effective_dated_event} (Workday's rows): its only writer and reader. */
@Component
public class JdbcEffectiveDatedStore implements EffectiveDatedStore {
    private final JdbcTemplate jdbc;
    private final String source;

    public JdbcEffectiveDatedStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.source = WorkdayConfiguration.SOURCE;
    }

    @Override
    public boolean insert(Entry entry, Instant at) {
        WorkerEvent event = entry.event();
        return jdbc.update("""
                insert into hris_effective_dated_event (source, event_ref, employee_id, effective_on, state, payload,
                    rescinded_by, received_at, decided_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (source, event_ref) do nothing""",
                source, entry.eventRef(), event == null ? null : event.employeeId().value(),
                event == null || event.effectiveOn() == null ? null : Date.valueOf(event.effectiveOn()),
                entry.state().name(), event == null ? null : write(event), entry.rescindedBy(), Timestamp.from(at),
                entry.state() == State.PENDING ? null : Timestamp.from(at)) == 1;
    }

    @Override
    public Optional<Entry> find(String eventRef) {
        return jdbc.query("select * from hris_effective_dated_event where source = ? and event_ref = ?",
                this::entry, source, eventRef).stream().findFirst();
    }

    @Override
    public boolean transition(String eventRef, State from, State to, String rescindedBy, Instant at) {
        return jdbc.update("""
                update hris_effective_dated_event set state = ?, rescinded_by = coalesce(?, rescinded_by),
                    decided_at = ?
                where source = ? and event_ref = ? and state = ?""",
                to.name(), rescindedBy, Timestamp.from(at), source, eventRef, from.name()) == 1;
    }

    @Override
    public List<Entry> due(LocalDate day) {
        return jdbc.query("""
                select * from hris_effective_dated_event
                where source = ? and state = 'PENDING' and effective_on <= ?
                order by effective_on, received_at""", this::entry, source, Date.valueOf(day));
    }

    private Entry entry(ResultSet row, int n) throws SQLException {
        String payload = row.getString("payload");
        return new Entry(row.getString("event_ref"), payload == null ? null : read(payload),
                State.valueOf(row.getString("state")), row.getString("rescinded_by"));
    }

    static String write(WorkerEvent event) {
        try {
            return Json.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a worker event", e);
        }
    }

    static WorkerEvent read(String payload) {
        try {
            return Json.MAPPER.readValue(payload, WorkerEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored worker event", e);
        }
    }
}
