package io.accessledger.request.hris.bamboohr;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link BambooHrFetchStore} in {@code hris_bamboohr_fetch}: the table's only writer and reader. */
@Component
public class JdbcBambooHrFetchStore implements BambooHrFetchStore {
    private final JdbcTemplate jdbc;

    public JdbcBambooHrFetchStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void enqueue(String deliveryId, List<BambooHrPayloads.Named> named, Instant at) {
        for (BambooHrPayloads.Named employee : named) {
            jdbc.update("""
                    insert into hris_bamboohr_fetch (delivery_id, employee_id, event_type, state, attempts,
                        next_attempt_at, received_at) values (?, ?, ?, 'PENDING', 0, ?, ?)
                    on conflict (delivery_id, employee_id) do nothing""",
                    deliveryId, employee.employeeId(), employee.type(), Timestamp.from(at), Timestamp.from(at));
        }
    }

    @Override
    public List<PendingFetch> lease(Instant now, Duration lease, int limit) {
        return jdbc.query("""
                update hris_bamboohr_fetch set next_attempt_at = ?
                where (delivery_id, employee_id) in (
                    select f.delivery_id, f.employee_id from hris_bamboohr_fetch f
                    where f.state = 'PENDING' and f.next_attempt_at <= ?
                      and not exists (select 1 from hris_bamboohr_fetch e
                          where e.employee_id = f.employee_id and e.state = 'PENDING'
                            and (e.received_at, e.delivery_id) < (f.received_at, f.delivery_id))
                    order by f.received_at, f.delivery_id, f.employee_id limit ? for update of f skip locked)
                returning delivery_id, employee_id, event_type, attempts, received_at""",
                (rs, i) -> new PendingFetch(rs.getString("delivery_id"), rs.getString("employee_id"),
                        rs.getString("event_type"), rs.getInt("attempts"),
                        rs.getTimestamp("received_at").toInstant()),
                Timestamp.from(now.plus(lease)), Timestamp.from(now), limit).stream()
                .sorted(Comparator.comparing(PendingFetch::receivedAt)
                        .thenComparing(PendingFetch::deliveryId))
                .toList();
    }

    @Override
    public void fetched(PendingFetch fetch, int attempts, Instant at) {
        decide(fetch, "FETCHED", attempts, null, at);
    }

    @Override
    public void retry(PendingFetch fetch, int attempts, Instant next, String error) {
        jdbc.update("""
                update hris_bamboohr_fetch set attempts = ?, next_attempt_at = ?, last_error = ?
                where delivery_id = ? and employee_id = ?""",
                attempts, Timestamp.from(next), error, fetch.deliveryId(), fetch.employeeId());
    }

    @Override
    public void giveUp(PendingFetch fetch, int attempts, String state, String error, Instant at) {
        decide(fetch, state, attempts, error, at);
    }

    private void decide(PendingFetch fetch, String state, int attempts, String error, Instant at) {
        jdbc.update("""
                update hris_bamboohr_fetch set state = ?, attempts = ?, last_error = ?, decided_at = ?
                where delivery_id = ? and employee_id = ?""",
                state, attempts, error, Timestamp.from(at), fetch.deliveryId(), fetch.employeeId());
    }
}
