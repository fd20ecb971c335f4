package io.accessledger.spine.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.it.TopicRecords;
import io.accessledger.spine.replay.ReadModel;
import io.accessledger.spine.store.ModuleMigrations;
import io.accessledger.spine.tracing.RecordTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two consumers of one service that write the same rows, each applying its polls whole in one transaction (as
 * policy's evaluation trigger and its read models do), meet the same two keys in opposite orders (the order of their
 * polls' partitions): each poll is handled in key order, so the second to reach a key waits for the first's commit,
 * neither deadlocks and neither poll falls back to record by record (docs/RELIABILITY.md "Inbound";
 * docs/BENCHMARKS.md, "End-to-end", "Eleventh round").
 */
class PollKeyOrderTest {
    private static final EventCodec CODEC = new EventCodec();
    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void twoPollsMeetingTheSameKeysInOppositeOrdersNeitherDeadlockNorFallBack() throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                LocalPostgres.freshDatabaseUrl("spine_poll_key_order"), "postgres", "");
        ModuleMigrations.migrate(dataSource, "spine");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table shared_row (request_id varchar(64) primary key, written_by varchar(64) not null)");
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        long deadlocksBefore = deadlocks(jdbc);

        CountDownLatch triggerStarted = new CountDownLatch(1);
        CountDownLatch viewStarted = new CountDownLatch(1);
        SharedRows trigger = new SharedRows("trigger", jdbc, triggerStarted, viewStarted);
        SharedRows view = new SharedRows("view", jdbc, viewStarted, triggerStarted);
        InboundRecord first = submitted("R-1-" + UUID.randomUUID(), 0, 7);
        InboundRecord second = submitted("R-2-" + UUID.randomUUID(), 1, 3);

        // each consumer's poll on a thread of its own, as each has its listener container
        ExecutorService containers = Executors.newFixedThreadPool(2);
        Future<ConsumerProcessing.PollOutcome> triggerPoll = containers.submit(
                () -> processing(trigger, jdbc, transactions).processPoll(List.of(first, second), parked -> { }));
        Future<ConsumerProcessing.PollOutcome> viewPoll = containers.submit(
                () -> processing(view, jdbc, transactions).processPoll(List.of(second, first), parked -> { }));
        containers.shutdown();

        // a poll that failed (a deadlock's loser) would throw here: its caller then handles it record by record
        assertThat(triggerPoll.get(30, TimeUnit.SECONDS).handled()).isEqualTo(2);
        assertThat(viewPoll.get(30, TimeUnit.SECONDS).handled()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from shared_row", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from inbound_dedupe", Integer.class)).isEqualTo(4);
        assertThat(deadlocks(jdbc)).isEqualTo(deadlocksBefore);
    }

    @Test
    void aPollInKeyOrderKeepsTheOrderOfEachKeysRecords() {
        InboundRecord b1 = record("B", 0, 1);
        InboundRecord a1 = record("A", 1, 1);
        InboundRecord b2 = record("B", 0, 2);
        InboundRecord a2 = record("A", 1, 2);

        assertThat(ConsumerProcessing.inKeyOrder(List.of(b1, a1, b2, a2))).containsExactly(a1, a2, b1, b2);
    }

    @Test
    void keylessRecordsOfAPartitionKeepTheirOffsetOrderAfterTheKeyedOnes() {
        // As text "…@10" sorts before "…@9": the offsets must be compared as numbers.
        InboundRecord keyless9 = record(null, 0, 9);
        InboundRecord keyless10 = record(null, 0, 10);
        InboundRecord keyed = record("req-z", 0, 11);
        assertThat(ConsumerProcessing.inKeyOrder(List.of(keyless9, keyless10, keyed)))
                .containsExactly(keyed, keyless9, keyless10);
    }

    private static ConsumerProcessing processing(SharedRows consumer, JdbcTemplate jdbc,
            TransactionTemplate transactions) {
        return new ConsumerProcessing(consumer, CODEC, jdbc, transactions, new SimpleMeterRegistry(), RecordTracing.OFF);
    }

    private static long deadlocks(JdbcTemplate jdbc) {
        jdbc.execute("select pg_stat_force_next_flush()");
        jdbc.execute("select pg_stat_clear_snapshot()");
        return jdbc.queryForObject("select deadlocks from pg_stat_database where datname = current_database()",
                Long.class);
    }

    private static InboundRecord submitted(String requestId, int partition, long offset) {
        DomainEvent event = new RequestSubmitted(EventId.of(UUID.randomUUID().toString()), RequestId.of(requestId),
                null, EmployeeId.of("E1"), EmployeeId.of("E1"), "salesforce", "read", "poll order", null, null,
                RequestSource.PORTAL, false, List.of(), AT);
        return new InboundRecord(Topic.REQUEST.topicName(), partition, offset, requestId,
                TopicRecords.headers(event, AT), CODEC.encode(event));
    }

    private static InboundRecord record(String key, int partition, long offset) {
        return new InboundRecord(Topic.REQUEST.topicName(), partition, offset, key, java.util.Map.of(), new byte[0]);
    }

    /**
     * A read model that writes one row per request, which another consumer writes too; after its first row it waits
     * (at most 5 s) until the other consumer has begun its own first record, so that the two polls overlap.
     */
    private static final class SharedRows implements ReadModel {
        private final String name;
        private final JdbcTemplate jdbc;
        private final CountDownLatch started;
        private final CountDownLatch otherStarted;

        SharedRows(String name, JdbcTemplate jdbc, CountDownLatch started, CountDownLatch otherStarted) {
            this.name = name;
            this.jdbc = jdbc;
            this.started = started;
            this.otherStarted = otherStarted;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public List<String> tables() {
            return List.of("shared_row");
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            boolean first = started.getCount() > 0;
            started.countDown();
            jdbc.update("insert into shared_row (request_id, written_by) values (?, ?) on conflict do nothing",
                    ((RequestSubmitted) event).requestId().value(), name);
            if (first) {
                try {
                    otherStarted.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
