package io.accessledger.spine.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled jobs fire once across a service's instances: each run first takes the job's lease in the service's
 * database ({@code job_lease}); an instance that cannot take it skips that run. A lease is held while the job runs
 * and for at least {@code atLeast} after it started (so a second instance's timer firing a moment later does not run
 * it again), and at most {@code atMost} (so a crashed instance does not hold it forever).
 */
public class JobLeases {
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String owner;

    public JobLeases(JdbcTemplate jdbc, Clock clock, String instance) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.owner = instance + "/" + UUID.randomUUID();
    }

    /** Runs {@code work} if this instance takes the lease of {@code job}; {@code false} if another holds it. */
    public boolean runExclusively(String job, Duration atLeast, Duration atMost, Runnable work) {
        Instant start = clock.instant();
        if (!take(job, start, start.plus(atMost))) {
            return false;
        }
        try {
            work.run();
        } finally {
            Instant now = clock.instant();
            Instant until = start.plus(atLeast).isAfter(now) ? start.plus(atLeast) : now;
            jdbc.update("update job_lease set locked_until = ? where job = ? and owner = ?", Timestamp.from(until),
                    job, owner);
        }
        return true;
    }

    private boolean take(String job, Instant now, Instant until) {
        jdbc.update("insert into job_lease (job, owner, locked_until) values (?, '', ?) on conflict (job) do nothing",
                job, Timestamp.from(now.minusMillis(1)));
        return jdbc.update("update job_lease set owner = ?, locked_until = ? where job = ? and locked_until <= ?",
                owner, Timestamp.from(until), job, Timestamp.from(now)) == 1;
    }
}
