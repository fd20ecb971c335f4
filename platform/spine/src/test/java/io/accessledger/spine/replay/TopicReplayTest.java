package io.accessledger.spine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.inbound.NotYet;
import io.accessledger.spine.store.ModuleMigrations;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The replay's batched path (one transaction per poll, dedupe rows in one JDBC batch) against a real broker and a
 * real PostgreSQL: a record redelivered within the same poll is applied once, and a record that is not ready yet
 * ({@link NotYet}) sends its poll back to one record per transaction, waits behind its key and is applied once its
 * prerequisite arrived — the same tables as applying one record at a time.
 */
class TopicReplayTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private final EventCodec codec = new EventCodec();

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    private static final List<DomainEvent> EVENTS = new ArrayList<>();

    /** The story both replays read: 200 requests, a revision not ready until later, 50 revisions, a redelivery. */
    @BeforeAll
    static void writeTheLog() throws Exception {
        EventCodec codec = new EventCodec();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BROKER.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topic.REQUEST.topicName(), 3, (short) 1))).all().get();
        }
        List<DomainEvent> events = EVENTS;
        for (int i = 0; i < 200; i++) {
            events.add(submitted("R-" + i, "sequence " + i));
        }
        events.add(revised("R-late", "after R-waited-for")); // not ready until R-waited-for is there
        events.add(revised("R-late", "second revision"));    // waits behind the first one of its key
        for (int i = 0; i < 50; i++) {
            events.add(revised("R-" + i, "revised " + i));
        }
        events.add(submitted("R-waited-for", "the prerequisite"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (DomainEvent event : events) {
                producer.send(record(codec, event));
            }
            producer.send(record(codec, events.get(7))); // an at-least-once redelivery
        }
    }

    @Test
    void aPollIsAppliedInOneTransactionWithDuplicatesOnceAndARecordNotReadyWaitingBehindItsKey() {
        replayTheStory(false);
    }

    @Test
    void dedupedInMemoryTheSameRecordsAreAppliedOnceEachAndNoDedupeRowIsWritten() {
        replayTheStory(true);
    }

    private void replayTheStory(boolean inMemory) {
        List<DomainEvent> events = EVENTS;
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(LocalPostgres.freshDatabaseUrl("topic_replay"));
        dataSource.setUser("postgres");
        ModuleMigrations.migrate(dataSource, "spine");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Requests view = new Requests(jdbc);

        TopicReplay replay = new TopicReplay(List.of(view), Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                BROKER.bootstrapServers()), codec, jdbc, new TransactionTemplate(
                        new DataSourceTransactionManager(dataSource)), null, null);
        if (inMemory) {
            replay.dedupeInMemory();
        }
        replay.run("topic-replay-test");

        TopicReplay.Counts counts = replay.counts();
        assertThat(counts.read()).isEqualTo(counts.total()).isEqualTo(events.size() + 1);
        assertThat(counts.applied()).isEqualTo(events.size());
        assertThat(counts.duplicates()).as("the redelivered record").isEqualTo(1);
        assertThat(counts.failed()).as(String.join("; ", replay.problems())).isZero();
        assertThat(jdbc.queryForObject("select count(*) from inbound_dedupe where consumer = 'requests'",
                Integer.class)).isEqualTo(inMemory ? 0 : events.size());
        assertThat(jdbc.queryForObject("select count(*) from replay_requests", Integer.class)).isEqualTo(202);
        assertThat(jdbc.queryForObject("select justification from replay_requests where request_id = 'R-late'",
                String.class)).as("both revisions applied, in order, after the prerequisite")
                .isEqualTo("second revision");
        assertThat(jdbc.queryForObject("select revisions from replay_requests where request_id = 'R-7'",
                Integer.class)).isEqualTo(1);
        assertThat(view.notReady).as("the record not ready was met, so a poll went one record at a time").isPositive();
    }

    /** On one partition, so that the record not ready is read before its prerequisite whatever the poll sizes. */
    private static ProducerRecord<String, byte[]> record(EventCodec codec, DomainEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.REQUEST.topicName(), 0, event.subject(),
                codec.encode(event));
        Envelope.of(event, "request-service", event.subject(), null, null).toHeaders()
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static RequestSubmitted submitted(String request, String justification) {
        return new RequestSubmitted(EventId.of("submitted-" + request), RequestId.of(request), null,
                EmployeeId.of("E1"), EmployeeId.of("E1"), "salesforce", "read", justification, null, null,
                RequestSource.PORTAL, false, List.of(), AT);
    }

    private static int revisions;

    private static RequestRevised revised(String request, String justification) {
        return new RequestRevised(EventId.of("revised-" + request + "-" + ++revisions), RequestId.of(request),
                EmployeeId.of("E1"), justification, "read", null, AT);
    }

    /** One row per request; a revision "after X" is not ready until request X is there. */
    static final class Requests implements ReadModel {
        private final JdbcTemplate jdbc;
        int notReady;

        Requests(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("create table replay_requests (request_id text primary key, justification text,"
                    + " revisions int not null default 0)");
        }

        @Override
        public String name() {
            return "requests";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.REQUEST);
        }

        @Override
        public List<String> tables() {
            return List.of("replay_requests");
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            if (event instanceof RequestSubmitted submitted) {
                jdbc.update("insert into replay_requests (request_id, justification) values (?, ?)",
                        submitted.requestId().value(), submitted.justification());
            } else if (event instanceof RequestRevised revised) {
                String justification = revised.justification();
                if (justification.startsWith("after ") && jdbc.queryForObject("select count(*) from replay_requests"
                        + " where request_id = ?", Integer.class, justification.substring(6)) == 0) {
                    notReady++;
                    throw new NotYet(justification);
                }
                int updated = jdbc.update("update replay_requests set justification = ?, revisions = revisions + 1"
                        + " where request_id = ?", justification, revised.requestId().value());
                if (updated == 0) {
                    jdbc.update("insert into replay_requests (request_id, justification, revisions) values (?, ?, 1)",
                            revised.requestId().value(), justification);
                }
            }
        }
    }
}
