package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.integrity.ChainHeaders;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.store.ModuleMigrations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures what a year of an organisation's events occupies, from the real wire form (the golden samples encoded by
 * the codec, with the CloudEvents headers the outbox sets), laid out by Kafka's own record-batch code with the
 * outbox's compression, and stored in the spine's real PostgreSQL tables; and checks that docs/RETENTION.md states
 * those figures. When events grow (a new header, a new field) this fails until the document is updated with the
 * figures it prints (also written to {@code target/storage-growth.md}).
 */
class StorageGrowthTest {
    private static final Path RETENTION_DOC = Path.of("../docs/RETENTION.md");
    private static final Path EVENTS_DOC = Path.of("../docs/EVENTS.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024 * 1024;

    private final EventCodec codec = new EventCodec(EventCatalog.upcasters());
    private final Random random = new Random(20261202);

    @Test
    void theRetentionDocumentStatesTheGrowthMeasuredFromTheRealEventSizes() throws Exception {
        Map<Topic, Integer> consumers = dedupedConsumersPerTopic();
        List<Sample> mix = new ArrayList<>();
        double kafkaSingle = 0;
        double kafkaBatched = 0;
        long events = 0;
        StringBuilder table = new StringBuilder("| ce_type | per year | value B | headers B | on disk, batch of 1 |"
                + " basis |\n| --- | ---: | ---: | ---: | ---: | --- |\n");
        for (YearOfEvents.Line line : YearOfEvents.LINES) {
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                samples.add(sample(line.ceType()));
            }
            double single = samples.stream().mapToInt(s -> onDisk(List.of(s))).average().orElseThrow();
            kafkaSingle += single * line.perYear();
            events += line.perYear();
            long draws = Math.max(1, line.perYear() / 500);
            for (int i = 0; i < draws; i++) {
                mix.add(sample(line.ceType()));
            }
            Sample first = samples.get(0);
            table.append(String.format(Locale.ROOT, "| `%s` | %,d | %d | %d | %.0f | %s |%n", line.ceType(),
                    line.perYear(), first.value().length,
                    first.headerBytes(), single, line.basis()));
        }
        java.util.Collections.shuffle(mix, random);
        long batchedBytes = 0;
        for (int from = 0; from < mix.size(); from += 100) {
            batchedBytes += onDisk(mix.subList(from, Math.min(mix.size(), from + 100)));
        }
        kafkaBatched = (double) batchedBytes / mix.size() * events;

        double storeRow;
        double dedupeRow;
        try (LocalPostgres postgres = LocalPostgres.temporary()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(postgres.createDatabase("storage_growth"));
            dataSource.setUser("postgres");
            ModuleMigrations.migrate(dataSource, "spine");
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            storeRow = axonStoreBytesPerEvent(jdbc, mix);
            dedupeRow = dedupeBytesPerRow(jdbc, mix);
        }
        double dedupeRows = 0;
        for (YearOfEvents.Line line : YearOfEvents.LINES) {
            Topic topic = EventCatalog.byCeType(line.ceType()).map(EventType::topic).orElse(Topic.REVIEW);
            dedupeRows += (double) line.perYear() * consumers.getOrDefault(topic, 0);
        }
        Growth growth = new Growth(events, kafkaSingle / MIB, kafkaBatched / MIB, storeRow * events / MIB,
                dedupeRow * dedupeRows / MIB);
        String report = String.format(Locale.ROOT, "events per year: %,d%nKafka, one replica, as the outbox sends"
                        + " today (one record per batch): %.0f MiB%nKafka, one replica, in batches of 100 mixed records: %.0f MiB%n"
                        + "event store (domainevententry, with indexes): %.0f MiB (%.0f B per event)%n"
                        + "dedupe rows (%,.0f rows, %.0f B each): %.0f MiB%n%n%s", growth.events(), growth.kafkaSingle(),
                growth.kafkaBatched(), growth.store(), storeRow, dedupeRows, dedupeRow, growth.dedupe(), table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/storage-growth.md"), report);
        System.out.println(report);

        Growth documented = documented();
        assertThat(documented.events()).as("events per year in docs/RETENTION.md").isEqualTo(growth.events());
        assertThat(documented.kafkaSingle()).as("Kafka MiB per replica (batch of 1) in docs/RETENTION.md")
                .isCloseTo(growth.kafkaSingle(), org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(documented.kafkaBatched()).as("Kafka MiB per replica (batches of 100) in docs/RETENTION.md")
                .isCloseTo(growth.kafkaBatched(), org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(documented.store()).as("event store MiB in docs/RETENTION.md")
                .isCloseTo(growth.store(), org.assertj.core.data.Percentage.withPercentage(15));
        assertThat(documented.dedupe()).as("dedupe MiB in docs/RETENTION.md")
                .isCloseTo(growth.dedupe(), org.assertj.core.data.Percentage.withPercentage(15));
    }

    record Growth(long events, double kafkaSingle, double kafkaBatched, double store, double dedupe) {
    }

    record Sample(String ceType, DomainEvent event, byte[] value, List<Header> headers) {
        int headerBytes() {
            return headers.stream().mapToInt(h -> h.key().length() + h.value().length).sum();
        }
    }

    /** A golden sample with fresh ids, encoded as published, with the outbox's headers. */
    private Sample sample(String ceType) throws IOException {
        if (EventCatalog.byCeType(ceType).isEmpty()) {
            throw new IllegalStateException("the volume model names " + ceType + ", which is no event type");
        }
        String measured = ceType;
        ObjectNode json;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("golden/" + measured + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no golden sample for " + measured);
            }
            json = (ObjectNode) JSON.readTree(in);
        }
        vary(json);
        DomainEvent event = codec.decode(measured, JSON.writeValueAsBytes(json));
        byte[] value = codec.encode(event);
        Envelope envelope = Envelope.of(event, EventCatalog.of(event).topic().owner(), event.subject(),
                UUID.nameUUIDFromBytes(longBytes()).toString(), traceparent());
        List<Header> headers = new ArrayList<>();
        envelope.toHeaders().forEach((name, v) -> headers.add(new RecordHeader(name, v.getBytes(StandardCharsets.UTF_8))));
        chainHeaders().forEach((name, v) -> headers.add(new RecordHeader(name, v.getBytes(StandardCharsets.UTF_8))));
        return new Sample(ceType, event, value, headers);
    }

    /**
     * Fresh ids and times, so that records differ as much as real ones do and compression is not flattered: every
     * {@code …Id} field gets a new value of the same shape, every instant a new second.
     */
    private void vary(ObjectNode json) {
        for (var field : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) json::fields) {
            String name = field.getKey();
            var value = field.getValue();
            if (value.isObject()) {
                vary((ObjectNode) value);
            } else if (value.isTextual() && name.equals("eventId")) {
                json.put(name, UUID.nameUUIDFromBytes(longBytes()).toString());
            } else if (value.isTextual() && name.endsWith("Id") && !name.equals("resourceId")) {
                String text = value.asText();
                String prefix = text.replaceAll("[0-9a-f-]+$", "");
                json.put(name, prefix + String.format("%016x", random.nextLong()).substring(0, Math.max(4,
                        Math.min(15, text.length() - prefix.length()))));
            } else if (value.isTextual() && name.endsWith("At")) {
                json.put(name, java.time.Instant.parse(value.asText()).plusSeconds(random.nextInt(31_536_000))
                        .toString());
            }
        }
    }

    /** Bytes Kafka writes to its log for these records as one batch, zstd as the outbox's producer compresses. */
    private static int onDisk(List<Sample> samples) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 20), Compression.zstd().build(),
                TimestampType.CREATE_TIME, 0L);
        for (Sample s : samples) {
            builder.append(s.event().occurredAt().toEpochMilli(), s.event().subject().getBytes(StandardCharsets.UTF_8),
                    s.value(), s.headers().toArray(Header[]::new));
        }
        return builder.build().sizeInBytes();
    }

    /** The outbox's store: Axon's domainevententry rows (payload, metadata, indexes), measured by PostgreSQL. */
    private double axonStoreBytesPerEvent(JdbcTemplate jdbc, List<Sample> mix) {
        long sequence = 0;
        List<Object[]> rows = new ArrayList<>();
        for (Sample s : mix) {
            String metaData = String.format("{\"al.correlationId\":\"%s\",\"al.causationId\":\"%s\",\"traceparent\":"
                    + "\"%s\",\"traceId\":\"%s\",\"correlationId\":\"%s\"}", s.event().subject(), UUID.randomUUID(),
                    traceparent(), UUID.randomUUID(), UUID.randomUUID());
            rows.add(new Object[] {s.event().eventId().value(), metaData.getBytes(StandardCharsets.UTF_8), s.value(),
                    s.event().getClass().getName(), s.event().occurredAt().toString(),
                    s.event().subject() + "-" + (sequence / 8), sequence++ % 8, "Aggregate"});
        }
        jdbc.batchUpdate("insert into domainevententry (eventIdentifier, metaData, payload, payloadType, timeStamp,"
                + " aggregateIdentifier, sequenceNumber, type) values (?, ?, ?, ?, ?, ?, ?, ?)", rows);
        jdbc.execute("vacuum analyze domainevententry");
        Long bytes = jdbc.queryForObject("select pg_total_relation_size('domainevententry')", Long.class);
        return (double) bytes / mix.size();
    }

    /** One inbound_dedupe row per consumer and event applied. */
    private double dedupeBytesPerRow(JdbcTemplate jdbc, List<Sample> mix) {
        List<Object[]> rows = new ArrayList<>();
        for (Sample s : mix) {
            rows.add(new Object[] {"policy-service.access-view", s.event().eventId().value(),
                    EventCatalog.byCeType(s.ceType()).map(t -> t.topic().topicName()).orElse(Topic.REVIEW.topicName()),
                    random.nextInt(3), (long) random.nextInt(10_000_000)});
        }
        jdbc.batchUpdate("insert into inbound_dedupe (consumer, event_id, topic, kafka_partition, kafka_offset)"
                + " values (?, ?, ?, ?, ?)", rows);
        jdbc.execute("vacuum analyze inbound_dedupe");
        Long bytes = jdbc.queryForObject("select pg_total_relation_size('inbound_dedupe')", Long.class);
        return (double) bytes / mix.size();
    }

    /**
     * From docs/EVENTS.md's consumer table (generated from the code): how many deduplicating consumers read each
     * topic. Consumers that run in every instance (policy-in-force) keep no dedupe rows.
     */
    private static Map<Topic, Integer> dedupedConsumersPerTopic() throws IOException {
        Map<String, Topic> words = Map.of("request", Topic.REQUEST, "identity", Topic.IDENTITY, "policy", Topic.POLICY,
                "approval", Topic.APPROVAL, "provisioning", Topic.PROVISIONING, "review", Topic.REVIEW);
        Map<Topic, Integer> counts = new EnumMap<>(Topic.class);
        boolean inTable = false;
        for (String row : Files.readAllLines(EVENTS_DOC)) {
            if (row.startsWith("| consumer (service.consumer)")) {
                inTable = true;
                continue;
            }
            if (!inTable || row.startsWith("| ---")) {
                continue;
            }
            if (!row.startsWith("|")) {
                break;
            }
            String[] cells = row.split("\\|");
            if (cells[1].contains("policy-in-force")) {
                continue;
            }
            String topics = cells[2].replaceAll("\\(.*", "").trim();
            for (Map.Entry<String, Topic> word : words.entrySet()) {
                if (topics.equals("all six") || topics.matches(".*\\b" + word.getKey() + "\\b.*")) {
                    counts.merge(word.getValue(), 1, Integer::sum);
                }
            }
        }
        assertThat(counts).as("consumer table of docs/EVENTS.md").isNotEmpty();
        return counts;
    }

    private static Growth documented() throws IOException {
        String doc = Files.readString(RETENTION_DOC);
        Matcher m = Pattern.compile("<!-- storage-growth: events=([0-9,]+) kafka-single=([0-9.]+) MiB"
                + " kafka-batched=([0-9.]+) MiB store=([0-9.]+) MiB dedupe=([0-9.]+) MiB -->").matcher(doc);
        assertThat(m.find()).as("docs/RETENTION.md holds the storage-growth marker line").isTrue();
        return new Growth(Long.parseLong(m.group(1).replace(",", "")), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)));
    }

    private byte[] longBytes() {
        return ByteBuffer.allocate(8).putLong(random.nextLong()).array();
    }

    /**
     * The outbox's tamper-evidence headers (docs/AUDIT.md): an index within a year's volume of a topic, a seq within
     * a key, and two SHA-256 hashes in hex, which do not compress.
     */
    private java.util.Map<String, String> chainHeaders() {
        return java.util.Map.of(ChainHeaders.INDEX, Integer.toString(random.nextInt(1_000_000)),
                ChainHeaders.SEQ, Integer.toString(random.nextInt(12)),
                ChainHeaders.PREV, String.format("%016x%016x%016x%016x", random.nextLong(), random.nextLong(),
                        random.nextLong(), random.nextLong()),
                ChainHeaders.HASH, String.format("%016x%016x%016x%016x", random.nextLong(), random.nextLong(),
                        random.nextLong(), random.nextLong()));
    }

    private String traceparent() {
        return String.format("00-%016x%016x-%016x-01", random.nextLong(), random.nextLong(), random.nextLong());
    }
}
