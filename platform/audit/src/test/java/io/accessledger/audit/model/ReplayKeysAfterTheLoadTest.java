package io.accessledger.audit.model;

import static io.accessledger.audit.model.AuditStories.expired;
import static io.accessledger.audit.model.AuditStories.grantOf;
import static io.accessledger.audit.model.AuditStories.granted;
import static io.accessledger.audit.model.AuditStories.hired;
import static io.accessledger.audit.model.AuditStories.revoked;
import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.audit.command.AuditCommand;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accessledger-audit replay} into its own store loads the audit tables without their keys and makes the keys
 * after the load; a log that carries an event twice — the same record redelivered, and the same event id under
 * another {@code ce_id} with other contents (which the {@code ce_id} dedupe lets through) — gives the same answers,
 * byte for byte, as the replay into a store the auditor names, whose tables keep their keys row by row and skip the
 * later copy with {@code on conflict (event_id) do nothing}.
 */
class ReplayKeysAfterTheLoadTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final Instant SUBMITTED = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant GRANTED = Instant.parse("2026-03-04T10:00:00Z");
    private static final Instant REVOKED = Instant.parse("2026-04-10T12:00:00Z");

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void anEventIdAppliedTwiceKeepsItsFirstRowAsTheKeyedLoadDoesAndEveryAnswerIsTheSameBytes(@TempDir Path dir)
            throws Exception {
        List<DomainEvent> first = new ArrayList<>(granted("REQ-1", "E2001", "crm:read", SUBMITTED, GRANTED,
                RequestSource.PORTAL));
        first.addAll(revoked("REQ-1", "E2001", "crm:read", RevocationReason.LEAVER, REVOKED));
        first.addAll(granted("REQ-2", "E2002", "erp:write", SUBMITTED.plusSeconds(30), GRANTED.plusSeconds(30),
                RequestSource.PORTAL));
        first.add(expired("REQ-2", "E2002", "erp:write", REVOKED.plusSeconds(30)));
        first.add(hired("E2003", LocalDate.of(2026, 3, 1), SUBMITTED.minusSeconds(3600)));
        // The same event ids with other contents: a submission a second later, an opening a day earlier (which the
        // access windows would take as the grant's opening), an ending a day later.
        List<DomainEvent> copies = List.of(
                granted("REQ-1", "E2001", "crm:read", SUBMITTED.plusSeconds(1), GRANTED, RequestSource.PORTAL).get(0),
                granted("REQ-2", "E2002", "erp:write", SUBMITTED.plusSeconds(30),
                        GRANTED.plusSeconds(30).minus(Duration.ofDays(1)), RequestSource.PORTAL).get(7),
                revoked("REQ-1", "E2001", "crm:read", RevocationReason.LEAVER, REVOKED.plus(Duration.ofDays(1)))
                        .get(1));
        assertThat(copies).extracting(DomainEvent::eventId).containsExactly(first.get(0).eventId(),
                first.get(18).eventId(), first.get(10).eventId());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BROKER.bootstrapServers()))) {
            admin.createTopics(Topic.eventTopics().stream()
                    .map(topic -> new NewTopic(topic.topicName(), 3, (short) 1)).toList()).all().get();
        }
        EventCodec codec = new EventCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (DomainEvent event : first) {
                producer.send(record(codec, event, null)).get();
            }
            producer.send(record(codec, first.get(3), null)).get(); // the same record again: deduplicated on ce_id
            // under other ce_ids, after the first (same key, same partition): the first applied is the one kept
            for (DomainEvent copy : copies) {
                producer.send(record(codec, copy, "copy-of-" + copy.eventId().value())).get();
            }
        }

        Path keyed = dir.resolve("keyed");
        Path unkeyed = dir.resolve("unkeyed");
        replay(keyed, "--jdbc-url", LocalPostgres.freshDatabaseUrl("keys_after_load"),
                "--jdbc-user", "postgres");
        String unkeyedRun = replay(unkeyed);

        assertThat(unkeyedRun).as("the later copies loaded, then deleted when the keys were made: three events,"
                + " one opening and one ending").contains("5 rows of an event id applied before deleted")
                .as("three keys, and the four secondary indexes the command's queries use").contains("7 indexes");
        String export = Files.readString(keyed.resolve("export.jsonl"));
        assertThat(export).contains("2026-03-04T10:00:30").doesNotContain("2026-03-03T10:00:30",
                "2026-03-02T09:00:01", "2026-04-11T12:00:00");
        List<Path> files;
        try (var listing = Files.list(keyed)) {
            files = listing.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : files) {
            assertThat(Files.readString(unkeyed.resolve(file.getFileName()))).as(file.getFileName() + " (UTF-8)")
                    .isEqualTo(Files.readString(file));
            assertThat(Files.readAllBytes(unkeyed.resolve(file.getFileName()))).as(file.getFileName().toString())
                    .isEqualTo(Files.readAllBytes(file));
        }
        try (var listing = Files.list(unkeyed)) {
            assertThat(listing.count()).isEqualTo(files.size());
        }
    }

    private static String replay(Path out, String... store) throws IOException {
        List<String> args = new ArrayList<>(List.of("replay", "--bootstrap-servers", BROKER.bootstrapServers(),
                "--out", out.toString(), "--as-of", GRANTED.minus(Duration.ofDays(2)).toString(),
                "--as-of", GRANTED.plusSeconds(60).toString(), "--as-of", REVOKED.plus(Duration.ofDays(2)).toString(),
                "--evidence", grantOf("REQ-1").value(), "--evidence", grantOf("REQ-2").value()));
        args.addAll(List.of(store));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
        int exit = AuditCommand.run(args.toArray(String[]::new), print, print);
        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        return text;
    }

    private static ProducerRecord<String, byte[]> record(EventCodec codec, DomainEvent event, String ceId) {
        Topic topic = EventCatalog.of(event).topic();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.topicName(), event.subject(),
                codec.encode(event));
        Envelope.of(event, topic.owner(), event.subject(), null, null).toHeaders().forEach((name, value) ->
                record.headers().add(name, (name.equals(CloudEventHeaders.ID) && ceId != null ? ceId : value)
                        .getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
