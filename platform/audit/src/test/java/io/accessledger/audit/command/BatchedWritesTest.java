package io.accessledger.audit.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.infra.LocalPostgres;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The replay's held inserts: written in order when the transaction commits, dropped when it rolls back; sent by
 * {@code COPY}, they give the rows the statement gives, and a conflict falls back to the statement's own batch.
 * Each test has two minutes: a statement run on a connection whose streamed copy is open waits for it forever
 * (the driver's lock), and a read model that came to read while the replay streams must fail here, not hold the build.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BatchedWritesTest {
    /** The command's store as it connects to it (reWriteBatchedInserts, its pool), closed after each test. */
    private final AuditStore store = AuditStore.at(LocalPostgres.freshDatabaseUrl("batched_writes"), "postgres", "");
    private final DataSource dataSource = store.dataSource();
    private final JdbcTemplate plain = new JdbcTemplate(dataSource);
    private final BatchedWrites batched = new BatchedWrites(dataSource);
    /** As the replay's command makes it: a statement's copy sent while its transaction goes on. */
    private final BatchedWrites streaming = new BatchedWrites(dataSource).streamingCopies();
    private final TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    @Test
    void heldInsertsAreWrittenAtCommitInOrderAndDroppedOnRollback() {
        plain.execute("create table probe (n int primary key, label text)");
        transactions.executeWithoutResult(status -> {
            for (int n = 0; n < 1_000; n++) {
                batched.update("insert into probe (n, label) values (?, ?) on conflict (n) do nothing", n,
                        n % 2 == 0 ? null : "odd " + n);
            }
            batched.update("insert into probe (n, label) values (?, ?) on conflict (n) do nothing", 1, "a redelivery");
            assertThat(plain.queryForObject("select count(*) from probe", Integer.class))
                    .as("held until the commit").isZero();
        });
        assertThat(plain.queryForObject("select count(*) from probe", Integer.class)).isEqualTo(1_000);
        assertThat(batched.copiedRows()).as("the redelivery's conflict sent the rows as the statement").isZero();
        assertThat(plain.queryForObject("select label from probe where n = 1", String.class)).isEqualTo("odd 1");
        assertThat(plain.queryForObject("select count(*) from probe where label is null", Integer.class))
                .isEqualTo(500);

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            batched.update("insert into probe (n, label) values (?, ?)", 5_000, "rolled back");
            throw new IllegalStateException("the poll failed");
        })).hasMessage("the poll failed");
        transactions.executeWithoutResult(status -> batched.update(
                "insert into probe (n, label) values (?, ?)", 5_001, "next poll"));
        assertThat(plain.queryForList("select n from probe where n >= 5000", Integer.class)).containsExactly(5_001);
    }

    @Test
    void copiedRowsAreTheRowsTheInsertStatementWouldWrite() {
        plain.execute("create table copied (n int primary key, label text, at timestamptz)");
        plain.execute("create table inserted (n int primary key, label text, at timestamptz)");
        String[] labels = {"tab\there", "line\nbreak", "carriage\rreturn", "back\\slash \\N", "\\.", "",
                "quote \" and ' and ,", "é ü 漢字 🙂 \u202e rtl", null, "\\t not a tab", "lone \ud83d surrogate", "ß and € (two and three bytes)"};
        java.time.Instant[] times = {java.time.Instant.parse("2026-03-01T10:15:30.123456499Z"),
                java.time.Instant.parse("2026-03-01T10:15:30.123456500Z"),
                java.time.Instant.parse("1999-12-31T23:59:59.999999999Z"), java.time.Instant.EPOCH,
                java.time.Instant.parse("1969-07-20T20:17:40.000000501Z"), java.time.Instant.parse("1600-02-29T00:00:00.000001Z"),
                java.time.Instant.parse("9999-12-31T23:59:59.999999Z")};
        for (String table : new String[] {"copied", "inserted"}) {
            String sql = "insert into " + table + " (n, label, at) values (?, ?, ?) on conflict (n) do nothing";
            transactions.executeWithoutResult(status -> {
                for (int n = 0; n < 84; n++) {
                    Object[] row = {n, labels[n % labels.length],
                            n % 5 == 4 ? null : java.sql.Timestamp.from(times[n % times.length])};
                    if (table.equals("copied")) {
                        batched.update(sql, row);
                    } else {
                        plain.update(sql, row);
                    }
                }
            });
        }
        assertThat(batched.copiedRows()).as("sent by COPY, not by the fallback").isEqualTo(84);
        assertThat(batched.copiedBinaryRows()).as("int, text and timestamptz: the binary format").isEqualTo(84);
        assertThat(plain.queryForList("select n, label, at from copied order by n"))
                .hasSize(84)
                .isEqualTo(plain.queryForList("select n, label, at from inserted order by n"));
        assertThat(plain.queryForObject("select label from copied where n = 0", String.class)).isEqualTo("tab\there");
    }

    @Test
    void instantsBoundAsOffsetDateTimesGoInTheBinaryFormatWithTheRowsTheStatementWrites() {
        plain.execute("create table copied (n int primary key, at timestamptz)");
        plain.execute("create table inserted (n int primary key, at timestamptz)");
        java.time.Instant[] times = {java.time.Instant.parse("2026-03-01T10:15:30.123456499Z"),
            java.time.Instant.parse("2026-03-01T10:15:30.123456500Z"),
            java.time.Instant.parse("1999-12-31T23:59:59.999999999Z"), java.time.Instant.EPOCH,
            java.time.Instant.parse("1969-07-20T20:17:40.000000501Z"),
            java.time.Instant.parse("1600-02-29T00:00:00.000001Z"),
            java.time.Instant.parse("9999-12-31T23:59:59.999999Z")};
        for (String table : new String[] {"copied", "inserted"}) {
            String sql = "insert into " + table + " (n, at) values (?, ?) on conflict (n) do nothing";
            transactions.executeWithoutResult(status -> {
                for (int n = 0; n < times.length; n++) {
                    Object[] row = {n, times[n].atOffset(java.time.ZoneOffset.UTC)}; // as AuditTrailView binds them
                    if (table.equals("copied")) {
                        batched.update(sql, row);
                    } else {
                        plain.update(sql, row);
                    }
                }
            });
        }
        assertThat(batched.copiedBinaryRows()).as("OffsetDateTime into timestamptz: the binary format")
                .isEqualTo(times.length);
        assertThat(plain.queryForList("select n, at from copied order by n")).hasSize(times.length)
                .isEqualTo(plain.queryForList("select n, at from inserted order by n"));
    }

    @Test
    void aColumnTheBinaryFormatDoesNotWriteIsCopiedAsTextWithTheSameRows() {
        plain.execute("create table copied_text (n int primary key, label varchar(20), flag boolean)");
        plain.execute("create table inserted_text (n int primary key, label varchar(20), flag boolean)");
        for (String table : new String[] {"copied_text", "inserted_text"}) {
            String sql = "insert into " + table + " (n, label, flag) values (?, ?, ?)";
            transactions.executeWithoutResult(status -> {
                for (int n = 0; n < 30; n++) {
                    Object[] row = {n, n % 4 == 0 ? null : "tab\t" + n, n % 3 == 0 ? null : n % 2 == 0};
                    if (table.equals("copied_text")) {
                        batched.update(sql, row);
                    } else {
                        plain.update(sql, row);
                    }
                }
            });
        }
        assertThat(batched.copiedRows()).isEqualTo(30);
        assertThat(batched.copiedBinaryRows()).as("a boolean column: the text format").isZero();
        assertThat(plain.queryForList("select * from copied_text order by n"))
                .isEqualTo(plain.queryForList("select * from inserted_text order by n"));
    }

    @Test
    void aValueTooLongForItsColumnIsRefusedByTheBinaryCopyAsByTheStatementAndNothingIsWritten() {
        plain.execute("create table short_labels (n int primary key, label varchar(5))");
        String sql = "insert into short_labels (n, label) values (?, ?) on conflict (n) do nothing";
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            batched.update(sql, 1, "fits");
            batched.update(sql, 2, "too long");
        })).hasMessageContaining("value too long");
        assertThatThrownBy(() -> plain.update(sql, 2, "too long")).hasMessageContaining("value too long");
        assertThat(batched.copiedRows()).isZero();
        assertThat(plain.queryForObject("select count(*) from short_labels", Integer.class)).isZero();

        transactions.executeWithoutResult(status -> {
            batched.update(sql, 1, "fits");
            batched.update(sql, 2, "élan"); // five bytes, four characters: varchar counts characters
        });
        assertThat(batched.copiedBinaryRows()).isEqualTo(2);
        assertThat(plain.queryForList("select label from short_labels order by n", String.class))
                .containsExactly("fits", "élan");
    }

    @Test
    void rowsStreamedWhileTheTransactionGoesOnAreTheRowsTheStatementWrites() {
        plain.execute("create table streamed (n int primary key, label text, at timestamptz)");
        plain.execute("create table inserted (n int primary key, label text, at timestamptz)");
        String[] labels = {"tab\there", "line\nbreak", "é ü 漢字 🙂", null, "", "\\N", "a longer label ".repeat(9)};
        int count = 12_000; // about 1 MB: several chunks sent before the commit
        for (String table : new String[] {"streamed", "inserted"}) {
            String sql = "insert into " + table + " (n, label, at) values (?, ?, ?) on conflict (n) do nothing";
            transactions.executeWithoutResult(status -> {
                for (int n = 0; n < count; n++) {
                    Object[] row = {n, labels[n % labels.length], n % 7 == 3 ? null
                            : java.time.Instant.ofEpochSecond(1_700_000_000L + n * 997L, n * 1_001L)
                                    .atOffset(java.time.ZoneOffset.UTC)};
                    if (table.equals("streamed")) {
                        streaming.update(sql, row);
                    } else {
                        plain.update(sql, row);
                    }
                }
            });
        }
        assertThat(streaming.streamedRows()).as("sent while the transaction went on").isEqualTo(count);
        assertThat(streaming.copiedBinaryRows()).isEqualTo(count);
        assertThat(plain.queryForList("select n, label, at from streamed order by n")).hasSize(count)
                .isEqualTo(plain.queryForList("select n, label, at from inserted order by n"));
    }

    @Test
    void aConflictMetWhileStreamingFallsBackToTheStatementWhichKeepsTheRowAlreadyThere() {
        plain.execute("create table keyed (n int primary key, label text)");
        plain.execute("create table other (n int)");
        plain.update("insert into keyed (n, label) values (?, ?)", 100, "already there");
        String sql = "insert into keyed (n, label) values (?, ?) on conflict (n) do nothing";
        transactions.executeWithoutResult(status -> {
            for (int n = 0; n < 10_000; n++) {
                streaming.update(sql, n, "streamed " + "x".repeat(100) + n); // the conflict in the first chunk
            }
            streaming.update("insert into other (n) values (?)", 1); // another statement, sent after the fallback
            streaming.update("insert into other (n) values (?)", 2);
        });
        assertThat(streaming.streamedRows()).as("the copy failed: nothing streamed").isZero();
        assertThat(streaming.copiedRows()).as("the other table's copy").isEqualTo(2);
        assertThat(plain.queryForObject("select count(*) from keyed", Integer.class)).isEqualTo(10_000);
        assertThat(plain.queryForObject("select label from keyed where n = 100", String.class))
                .isEqualTo("already there");
        assertThat(plain.queryForObject("select label from keyed where n = 9999", String.class))
                .isEqualTo("streamed " + "x".repeat(100) + 9999);
        assertThat(plain.queryForList("select n from other order by n", Integer.class)).containsExactly(1, 2);
    }

    @Test
    void aRowTheBinaryFormatCannotWriteEndsTheStreamAndTheRowsAreCopiedAsTextAtTheCommit() {
        plain.execute("create table mixed (n int primary key, label text)");
        plain.execute("create table mixed_inserted (n int primary key, label text)");
        for (String table : new String[] {"mixed", "mixed_inserted"}) {
            String sql = "insert into " + table + " (n, label) values (?, ?)";
            transactions.executeWithoutResult(status -> {
                for (int n = 0; n < 5_000; n++) {
                    Object[] row = {n == 3_000 ? (Object) 3_000L : (Object) n, "row " + n}; // a long into an int4
                    if (table.equals("mixed")) {
                        streaming.update(sql, row);
                    } else {
                        plain.update(sql, row);
                    }
                }
            });
        }
        assertThat(streaming.streamedRows()).isZero();
        assertThat(streaming.copiedRows()).isEqualTo(5_000);
        assertThat(streaming.copiedBinaryRows()).as("the text format, as before").isZero();
        assertThat(plain.queryForList("select * from mixed order by n"))
                .isEqualTo(plain.queryForList("select * from mixed_inserted order by n"));
    }

    @Test
    void aRollbackWhileStreamingLeavesNothingAndTheNextTransactionStreamsAgain() {
        plain.execute("create table rolled (n int primary key, label text)");
        String sql = "insert into rolled (n, label) values (?, ?) on conflict (n) do nothing";
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            for (int n = 0; n < 8_000; n++) {
                streaming.update(sql, n, "rolled back " + "y".repeat(100));
            }
            throw new IllegalStateException("a record not ready");
        })).hasMessage("a record not ready");
        assertThat(plain.queryForObject("select count(*) from rolled", Integer.class)).isZero();
        transactions.executeWithoutResult(status -> {
            for (int n = 0; n < 8_000; n++) {
                streaming.update(sql, n, "kept " + n);
            }
        });
        assertThat(streaming.streamedRows()).isEqualTo(8_000);
        assertThat(plain.queryForObject("select count(*) from rolled where label like 'kept %'", Integer.class))
                .isEqualTo(8_000);
    }

    @Test
    void theAuditReadModelsWriteThroughTheStreamedCopyTheRowsTheyWriteRowByRow() throws Exception {
        try (AuditStore rowByRowPool = AuditStore.at(LocalPostgres.freshDatabaseUrl("row_by_row"), "postgres", "")) {
            streamedAndRowByRowRowsAreTheSame(rowByRowPool.dataSource());
        }
    }

    private void streamedAndRowByRowRowsAreTheSame(DataSource rowByRowStore) throws Exception {
        io.accessledger.audit.model.AuditReadModels.migrate(dataSource);
        io.accessledger.audit.model.AuditReadModels.migrate(rowByRowStore);
        var streamed = io.accessledger.audit.model.AuditReadModels.all(streaming);
        var rowByRow = io.accessledger.audit.model.AuditReadModels.all(new JdbcTemplate(rowByRowStore));
        TransactionTemplate rowByRowTransactions = new TransactionTemplate(
                new DataSourceTransactionManager(rowByRowStore));
        var codec = new io.accessledger.events.codec.EventCodec();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<io.accessledger.events.DomainEvent> events = new java.util.ArrayList<>();
        java.util.List<io.accessledger.events.EventType> types = io.accessledger.events.EventCatalog.all();
        for (int i = 0; events.size() < 6_000; i++) { // every type's golden sample, each with an event id of its own
            var type = types.get(i % types.size());
            try (var in = getClass().getClassLoader().getResourceAsStream("golden/" + type.ceType() + ".json")) {
                if (in != null) {
                    var sample = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(in);
                    sample.put("eventId", new java.util.UUID(7, i).toString());
                    events.add(codec.decode(type.ceType(), json.writeValueAsBytes(sample)));
                }
            }
        }
        for (int from = 0; from < events.size(); from += 1_500) { // as the replay's polls: one transaction each
            var poll = events.subList(from, Math.min(events.size(), from + 1_500));
            for (var models : java.util.List.of(streamed, rowByRow)) {
                (models == streamed ? transactions : rowByRowTransactions).executeWithoutResult(status -> {
                    for (var event : poll) {
                        var topic = io.accessledger.events.EventCatalog.of(event).topic();
                        var envelope = io.accessledger.events.envelope.Envelope.of(event, topic.owner(),
                                event.subject(), "corr-" + event.eventId().value(), null);
                        models.stream().filter(model -> model.topics().contains(topic))
                                .forEach(model -> model.handle(event, envelope));
                    }
                });
            }
        }
        assertThat(streaming.streamedRows()).as("every row of the audit trail, streamed")
                .isEqualTo(plain.queryForObject("select count(*) from audit_event", Long.class)).isGreaterThan(5_000L);
        JdbcTemplate rowByRowJdbc = new JdbcTemplate(rowByRowStore);
        for (String table : new String[] {"audit_event", "audit_grant_opened", "audit_grant_ended"}) {
            var rows = plain.queryForList("select * from " + table + " order by event_id");
            assertThat(rows).as(table).isEqualTo(rowByRowJdbc.queryForList("select * from " + table
                    + " order by event_id"));
            if (!table.equals("audit_grant_ended")) {
                assertThat(rows).as(table).isNotEmpty();
            }
        }
    }

    @Test
    void binaryMicrosecondsOfTimesAreThoseOfTheRoundedInstantForEveryTimeAndBothBindings() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        java.util.List<java.time.Instant> times = new java.util.ArrayList<>(java.util.List.of(
                java.time.Instant.parse("1999-12-31T23:59:59.999999500Z"), // rounds up into the next second
                java.time.Instant.parse("1999-12-31T23:59:59.999999499Z"),
                java.time.Instant.parse("1969-12-31T23:59:59.999999999Z"), java.time.Instant.EPOCH,
                java.time.Instant.parse("2000-01-01T00:00:00Z"), java.time.Instant.parse("1600-02-29T00:00:00.0000005Z"),
                java.time.Instant.parse("9999-12-31T23:59:59.999999999Z"),
                java.time.Instant.parse("0001-01-01T00:00:00.000000499Z")));
        for (int i = 0; i < 100_000; i++) {
            times.add(java.time.Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    random.nextInt(4) == 0 ? random.nextInt(1_000) * 1_000_000 + 999_500 : random.nextInt(1_000_000_000)));
        }
        for (java.time.Instant time : times) {
            java.time.Instant rounded = BatchedWrites.instantOf(java.sql.Timestamp.from(time));
            long expected = (rounded.getEpochSecond() - 946_684_800L) * 1_000_000L + rounded.getNano() / 1_000;
            assertThat(BatchedWrites.Binary.micros(time.atOffset(java.time.ZoneOffset.UTC))).as(time.toString())
                    .isEqualTo(expected);
            assertThat(BatchedWrites.Binary.micros(java.time.OffsetDateTime.of(
                    java.time.LocalDateTime.ofInstant(time, java.time.ZoneOffset.ofHours(5)),
                    java.time.ZoneOffset.ofHours(5)))).as(time + " at +05:00").isEqualTo(expected);
            assertThat(BatchedWrites.Binary.micros(java.sql.Timestamp.from(time))).as(time.toString())
                    .isEqualTo(expected);
        }
    }
}
