package io.accessledger.spine.it;

import io.accessledger.events.ids.RequestId;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What {@link SpineTestApp.Waiting} ({@code waiting}) did with the records of a request waiting for its prerequisite:
 * its parked rows, what it applied and when, and its wake-up tries by outcome. For the wake-up tests.
 */
record WaitingRecords(ParkedRecordStore parked, JdbcTemplate jdbc, MeterRegistry meters) {

    List<ParkedRecordStore.Parked> parkedOf(RequestId request) {
        return parked.of("waiting").stream().filter(row -> request.value().equals(row.record().key())).toList();
    }

    int applied(RequestId request) {
        return jdbc.queryForObject("select count(*) from test_waited where request_id = ?", Integer.class,
                request.value());
    }

    Instant prerequisiteArrived(RequestId request) {
        return jdbc.queryForObject("select arrived_at from test_prerequisites where request_id = ?", Timestamp.class,
                request.value()).toInstant();
    }

    Instant lastApplied(RequestId request) {
        return jdbc.queryForObject("select max(applied_at) from test_waited where request_id = ?", Timestamp.class,
                request.value()).toInstant();
    }

    double woken(String outcome) {
        return meters.find("accessledger.inbound.parked_woken").tag("consumer", "waiting").tag("outcome", outcome)
                .counters().stream().mapToDouble(counter -> counter.count()).sum();
    }
}
