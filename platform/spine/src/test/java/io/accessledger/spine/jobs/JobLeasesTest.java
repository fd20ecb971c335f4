package io.accessledger.spine.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.store.ModuleMigrations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class JobLeasesTest {
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(LocalPostgres.freshDatabaseUrl("leases"),
                "postgres", "");
        ModuleMigrations.migrate(dataSource, "spine");
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void twoInstancesWhoseTimersFireTogetherRunTheJobOnce() throws Exception {
        JobLeases first = new JobLeases(jdbc, Clock.systemUTC(), "review-scheduler");
        JobLeases second = new JobLeases(jdbc, Clock.systemUTC(), "review-scheduler");
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Boolean> a = pool.submit(() -> first.runExclusively("expiry-watch", Duration.ofSeconds(30),
                Duration.ofMinutes(5), () -> {
                    runs.incrementAndGet();
                    running.countDown();
                    await(release);
                }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        boolean b = second.runExclusively("expiry-watch", Duration.ofSeconds(30), Duration.ofMinutes(5),
                runs::incrementAndGet);
        release.countDown();

        assertThat(a.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b).isFalse();
        assertThat(runs).hasValue(1);
        assertThat(second.runExclusively("expiry-watch", Duration.ofSeconds(30), Duration.ofMinutes(5),
                runs::incrementAndGet)).as("held for at least 30 s after it started").isFalse();
        pool.shutdown();
    }

    @Test
    void aLeaseIsTakenAgainOnceItsTimeIsOverEvenIfItsHolderDied() {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        JobLeases crashed = new JobLeases(jdbc, Clock.fixed(t0, ZoneOffset.UTC), "approval-service");
        try {
            crashed.runExclusively("deadline-watch", Duration.ofSeconds(1), Duration.ofMinutes(2), () -> {
                throw new IllegalStateException("the instance died mid-run");
            });
        } catch (IllegalStateException expected) {
            // its lease is released with the atLeast floor
        }
        jdbc.update("update job_lease set locked_until = ? where job = 'deadline-watch'",
                java.sql.Timestamp.from(t0.plus(Duration.ofMinutes(2))));
        AtomicInteger runs = new AtomicInteger();

        JobLeases early = new JobLeases(jdbc, Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC), "approval-service");
        JobLeases later = new JobLeases(jdbc, Clock.fixed(t0.plusSeconds(121), ZoneOffset.UTC), "approval-service");

        assertThat(early.runExclusively("deadline-watch", Duration.ZERO, Duration.ofMinutes(2), runs::incrementAndGet))
                .isFalse();
        assertThat(later.runExclusively("deadline-watch", Duration.ZERO, Duration.ofMinutes(2), runs::incrementAndGet))
                .isTrue();
        assertThat(runs).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
