package io.accessledger.audit.command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The replay's writer for the audit read models: inside a transaction their updates are held, per statement in the
 * order given, and sent per statement just before the transaction commits; a rollback drops them. A plain
 * {@code insert into t (columns) values (?, …)}, with or without {@code on conflict (…) do nothing}, held more than
 * once is sent with PostgreSQL's {@code COPY … FROM STDIN} inside a savepoint (binary format when every column is
 * text, varchar, int4, int8 or timestamptz and every value a matching {@code String}, {@code Integer}, {@code Long}
 * or {@code Timestamp} / {@code OffsetDateTime}; else text format); if the copy fails — a
 * row already there, which the statement's {@code on conflict} would have skipped, or anything else — the savepoint
 * is rolled back and the rows are sent as the statement itself, one JDBC batch (with the store's
 * {@code reWriteBatchedInserts}, multi-row inserts), so the outcome is always the statement's own. Other statements,
 * and one held once, are sent as that batch. Outside a transaction an update is sent at once. It reports one row per
 * held update, so it suits only read models whose handling writes and never reads or counts what it wrote — the audit
 * read models (every write an {@code insert … on conflict (event_id) do nothing}, whatever the order); what a failed
 * batch throws rolls the transaction back, as a failed update would have. For tables loaded without their keys
 * ({@link #unkeyed}) the statement is sent without its {@code on conflict}.
 */
final class BatchedWrites extends JdbcTemplate {
    /** What {@code COPY} can send: the table, the columns, nothing but placeholders, at most "do nothing". */
    private static final Pattern PLAIN_INSERT = Pattern.compile("(?is)\\s*insert\\s+into\\s+(\\w+)"
            + "\\s*\\(([\\w,\\s]+)\\)\\s*values\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\)"
            + "(?:\\s*on\\s+conflict\\s*\\([\\w,\\s]+\\)\\s+do\\s+nothing)?\\s*");
    /** A plain insert's {@code on conflict (…) do nothing}, to the end. */
    private static final Pattern CONFLICT_CLAUSE = Pattern.compile(
            "(?is)\\s*on\\s+conflict\\s*\\([\\w,\\s]+\\)\\s+do\\s+nothing\\s*$");

    /** Rows a transaction holds of a plain insert before its copy starts while the transaction goes on. */
    static final int STREAM_AFTER = 64;
    /** Bytes of a streamed copy sent at a time. */
    static final int CHUNK = 256 << 10;

    private final Map<String, List<Object[]>> held = new LinkedHashMap<>();
    /** The {@code COPY} text of one statement's rows, kept from one batch to the next (it grows to the largest). */
    private final CopyBytes buffer = new CopyBytes(1 << 20);
    /** The type of each column of a held insert's {@code table(columns)}, looked up once (none when unknown). */
    private final Map<String, int[]> columnTypes = new HashMap<>();
    /** Tables loaded without their keys ({@link BulkLoad}): a statement on them is sent without its conflict clause. */
    private final Set<String> unkeyed = new HashSet<>();
    private long copied;
    private long copiedBinary;
    /** The transaction's statement whose {@code COPY} is sent while the transaction goes on, or null. */
    private Streaming streaming;
    /** Whether this transaction has chosen its streamed statement already (or found none it could stream). */
    private boolean streamChosen;
    /** Whether a statement's copy may be sent while its transaction goes on ({@link #streamingCopies}). */
    private boolean streams;
    private long streamed;

    BatchedWrites(DataSource dataSource) {
        super(dataSource);
    }

    /**
     * Lets one statement's {@code COPY} be sent while its transaction goes on ({@link Streaming}), for writers whose
     * transactions run nothing else on their connection between the held updates and the commit — the replay's: its
     * read models only write, and {@code TopicReplay} runs its own statements before the handling. While the copy is
     * open the connection takes no other statement: one run on it (a read of the same transaction, through any
     * template) would wait for the copy that waits for it.
     */
    BatchedWrites streamingCopies() {
        streams = true;
        return this;
    }

    /**
     * {@code tables} have no key while they are loaded ({@link BulkLoad}): an insert on one of them held or sent as a
     * statement leaves out its {@code on conflict … do nothing} (no key to infer it from); the duplicates it would
     * have skipped go in, and {@link BulkLoad#finish} deletes them, the first in load order kept.
     */
    void unkeyed(Collection<String> tables) {
        tables.forEach(table -> unkeyed.add(table.toLowerCase(Locale.ROOT)));
    }

    /** {@code sql}, without its conflict clause when it is a plain insert on a table loaded without its key. */
    private String statement(String sql) {
        if (unkeyed.isEmpty()) {
            return sql;
        }
        Matcher insert = PLAIN_INSERT.matcher(sql);
        return insert.matches() && unkeyed.contains(insert.group(1).toLowerCase(Locale.ROOT))
                ? CONFLICT_CLAUSE.matcher(sql).replaceFirst("") : sql;
    }

    @Override
    public int update(String sql, Object... args) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return super.update(statement(sql), args);
        }
        if (held.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    sendHeld(); // not flush(): that would be the synchronization's own
                }

                @Override
                public void beforeCompletion() {
                    if (streaming != null) { // rolling back with the copy open: the connection must be free first
                        try {
                            streaming.cancel();
                        } catch (RuntimeException rollingBackAnyway) {
                            streaming = null;
                        }
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    held.clear();
                    streaming = null;
                    streamChosen = false;
                }
            });
        }
        List<Object[]> rows = held.computeIfAbsent(sql, s -> new ArrayList<>());
        Object[] row = args.clone();
        rows.add(row);
        if (streaming != null && streaming.rows == rows) {
            streaming.add(row);
        } else if (streams && streaming == null && !streamChosen && rows.size() == STREAM_AFTER) {
            streamChosen = true;
            streaming = stream(sql, rows);
        }
        return 1;
    }

    private void sendHeld() {
        if (streaming != null) { // first: its copy holds the connection
            Streaming stream = streaming;
            streaming = null;
            if (stream.finish()) {
                copied += stream.rows.size();
                copiedBinary += stream.rows.size();
                streamed += stream.rows.size();
                held.remove(stream.sql);
            }
        }
        held.forEach((sql, rows) -> {
            Matcher insert = PLAIN_INSERT.matcher(sql);
            if (rows.size() > 1 && insert.matches()) {
                copy(sql, insert.group(1), insert.group(2).strip(), rows);
            } else {
                super.batchUpdate(statement(sql), rows);
            }
        });
        held.clear();
    }

    /**
     * The rows by {@code COPY}, in PostgreSQL's binary format when every column is of a type it writes so and every
     * value of the matching Java type ({@link Binary}), else in the text format; on any failure of it, back to the
     * savepoint and the statement's own batch.
     */
    private void copy(String sql, String table, String columns, List<Object[]> rows) {
        CopyBytes text = buffer;
        text.clear();
        boolean[] binary = {false};
        boolean copied = Boolean.TRUE.equals(execute((ConnectionCallback<Boolean>) connection -> {
            Savepoint savepoint = connection.setSavepoint(); // before the type lookup: a failed one rolls back too
            int[] types = columnTypes.computeIfAbsent(table + "(" + columns + ")",
                    key -> Binary.types(connection, table, columns));
            try {
                binary[0] = Binary.write(rows, types, text);
            } catch (ArithmeticException | java.time.DateTimeException outOfRange) {
                binary[0] = false; // an instant beyond microseconds in a long: the text format says what it is
            }
            if (!binary[0]) {
                text.clear();
                write(rows, text);
            }
            String copy = "copy " + table + " (" + columns + ") from stdin" + (binary[0] ? " (format binary)" : "");
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, text.stream());
                connection.releaseSavepoint(savepoint);
                return true;
            } catch (SQLException | IOException e) {
                connection.rollback(savepoint);
                return false;
            }
        }));
        if (copied) {
            this.copied += rows.size();
            this.copiedBinary += binary[0] ? rows.size() : 0;
        } else {
            super.batchUpdate(statement(sql), rows);
        }
    }

    /** Rows sent by {@code COPY} so far. */
    long copiedRows() {
        return copied;
    }

    /** Of {@link #copiedRows}, those sent in the binary format. */
    long copiedBinaryRows() {
        return copiedBinary;
    }

    /** Of {@link #copiedBinaryRows}, those sent while their transaction went on ({@link Streaming}). */
    long streamedRows() {
        return streamed;
    }

    /**
     * One statement's {@code COPY}, in the binary format, sent while the transaction goes on: PostgreSQL parses and
     * stores the rows on its own core while the replay's thread makes the next ones, where a copy sent only at the
     * commit made the thread wait for all of it (docs/BENCHMARKS.md, "Audit replay", ninth round). The first plain
     * insert of a transaction held {@value #STREAM_AFTER} times is the one (one copy at a time per connection: the
     * audit trail's, which every event writes); its rows are written from then on as they are held, and sent every
     * {@value #CHUNK} bytes. The same rows, in the same order, as the copy at the commit: the copy is inside a
     * savepoint taken when it starts, and if it fails — a row the binary format cannot write, a row already there
     * that {@code on conflict} would have skipped, anything else — it is cancelled, the savepoint rolled back, and the
     * statement's rows are sent at the commit as before ({@link #copy}, or the statement's own batch). Rows stay
     * held until then, and a rollback cancels the copy. The other statements, and the streamed one's end, are sent
     * just before the commit, the streamed one first (its copy holds the connection): each table's rows keep their
     * order, and no table's rows depend on another's.
     */
    private final class Streaming {
        final String sql;
        final List<Object[]> rows;
        private final java.sql.Connection connection;
        private final Savepoint savepoint;
        private final int[] types;
        private final CopyIn copy;

        private Streaming(String sql, List<Object[]> rows, java.sql.Connection connection, Savepoint savepoint,
                int[] types, CopyIn copy) {
            this.sql = sql;
            this.rows = rows;
            this.connection = connection;
            this.savepoint = savepoint;
            this.types = types;
            this.copy = copy;
        }

        /** Writes the rows held so far; false if the copy had to be given up. */
        boolean begin() {
            buffer.clear();
            Binary.header(buffer);
            for (Object[] row : rows) {
                if (!add(row)) {
                    return false;
                }
            }
            return true;
        }

        /** One more row written (and sent, a chunk at a time); false if the copy had to be given up. */
        boolean add(Object[] row) {
            boolean written;
            try {
                written = Binary.row(row, types, buffer);
            } catch (ArithmeticException | java.time.DateTimeException outOfRange) {
                written = false; // an instant beyond microseconds in a long: the copy at the commit says what it is
            }
            if (!written) {
                cancel();
                return false;
            }
            return buffer.size() < CHUNK || send();
        }

        /** The copy ended; false if it failed (then cancelled and rolled back: its rows are sent as before). */
        boolean finish() {
            Binary.trailer(buffer);
            if (!send()) {
                return false;
            }
            try {
                copy.endCopy();
                connection.releaseSavepoint(savepoint);
                return true;
            } catch (SQLException e) {
                cancel();
                return false;
            }
        }

        private boolean send() {
            try {
                copy.writeToCopy(buffer.array(), 0, buffer.size());
                copy.flushCopy();
                buffer.clear();
                return true;
            } catch (SQLException e) {
                cancel();
                return false;
            }
        }

        /** The copy cancelled if still open, back to the savepoint, and the statement no longer streamed. */
        void cancel() {
            buffer.clear();
            if (streaming == this) {
                streaming = null;
            }
            try {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException refused) {
                // the cancel reports the copy's failure, as it should
            }
            rollBack(connection, savepoint);
        }
    }

    /**
     * The copy of {@code sql}'s rows started, in a savepoint, and the rows held so far written; null when it is not a
     * plain insert, a column's type is unknown or one of those rows cannot be written in the binary format.
     */
    private Streaming stream(String sql, List<Object[]> rows) {
        Matcher insert = PLAIN_INSERT.matcher(sql);
        if (!insert.matches()) {
            return null;
        }
        String table = insert.group(1);
        String columns = insert.group(2).strip();
        java.sql.Connection connection = DataSourceUtils.getConnection(obtainDataSource()); // the transaction's
        Savepoint savepoint = null;
        try {
            savepoint = connection.setSavepoint(); // before the type lookup: a failed one rolls back too
            int[] types = columnTypes.computeIfAbsent(table + "(" + columns + ")",
                    key -> Binary.types(connection, table, columns));
            if (types.length == 0) {
                connection.releaseSavepoint(savepoint);
                return null;
            }
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + table + " (" + columns + ") from stdin (format binary)");
            Streaming stream = new Streaming(sql, rows, connection, savepoint, types, copy);
            streaming = stream;
            return stream.begin() ? stream : null;
        } catch (SQLException e) {
            rollBack(connection, savepoint);
            return null;
        }
    }

    /** Back to {@code savepoint} (if one was taken); a connection that cannot go back fails the transaction. */
    private static void rollBack(java.sql.Connection connection, Savepoint savepoint) {
        if (savepoint == null) {
            return;
        }
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException("could not roll back the streamed copy", e);
        }
    }

    /**
     * The rows in {@code COPY}'s text format, UTF-8: tab between values, a newline after each row, {@code \N} for
     * null, backslash, tab, newline and carriage return escaped (a lone surrogate written as {@code ?}, as
     * {@link String#getBytes} writes it); a timestamp as its instant in UTC rounded to the microsecond half up, as the
     * driver sends it. Written straight into bytes: no string of the whole batch, no formatter per timestamp.
     */
    static byte[] copyText(List<Object[]> rows) {
        CopyBytes text = new CopyBytes(rows.size() * 512);
        write(rows, text);
        return text.bytes();
    }

    /**
     * The instant a {@code Timestamp} or {@code OffsetDateTime} value stands for, rounded to the microsecond half up
     * as the driver rounds it; {@code null} for any other value. Both COPY formats write times through it.
     */
    static Instant instantOf(Object value) {
        Instant at = value instanceof Timestamp timestamp ? timestamp.toInstant()
                : value instanceof OffsetDateTime time ? time.toInstant() : null;
        return at == null ? null : at.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

        /** {@link #copyText} into {@code text}, after what it holds. */
    private static void write(List<Object[]> rows, CopyBytes text) {
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.put('\t');
                }
                Object value = row[i];
                Instant at = instantOf(value);
                if (value == null) {
                    text.put('\\').put('N');
                } else if (at != null) {
                    text.timestamp(at);
                } else {
                    text.escaped(value.toString());
                }
            }
            text.put('\n');
        }
    }

    /**
     * {@code COPY}'s binary format: the signature and header, per row the field count and per field its length
     * ({@code -1} for null) and its bytes as the type's receive function reads them, then {@code -1}. text and varchar:
     * the UTF-8 bytes ({@link String#getBytes}, a lone surrogate as {@code ?}, as the text format writes it);
     * PostgreSQL checks the encoding and a varchar's length as it does for the text format. timestamptz:
     * microseconds since 2000-01-01 UTC, the instant rounded to the microsecond half up as the text format and the
     * driver round it (an instant PostgreSQL cannot hold is refused by it, and the statement's batch then decides).
     */
    static final class Binary {
        static final int TEXT = 25;
        static final int VARCHAR = 1043;
        static final int INT4 = 23;
        static final int INT8 = 20;
        static final int TIMESTAMPTZ = 1184;
        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
        /** 2000-01-01T00:00:00Z in seconds since the epoch, PostgreSQL's timestamp origin. */
        private static final long POSTGRES_EPOCH = 946_684_800L;

        private Binary() {
        }

        /** The type oid of each of {@code columns} (comma-separated) of {@code table}; none if one is unknown. */
        static int[] types(java.sql.Connection connection, String table, String columns) {
            String[] names = columns.split("\\s*,\\s*");
            int[] types = new int[names.length];
            try (java.sql.PreparedStatement query = connection.prepareStatement("""
                    select atttypid::int from pg_attribute
                    where attrelid = to_regclass(?) and attname = ? and attnum > 0 and not attisdropped""")) {
                for (int i = 0; i < names.length; i++) {
                    query.setString(1, table);
                    query.setString(2, names[i].toLowerCase(Locale.ROOT));
                    try (java.sql.ResultSet row = query.executeQuery()) {
                        if (!row.next()) {
                            return new int[0];
                        }
                        types[i] = row.getInt(1);
                    }
                }
                return types;
            } catch (SQLException e) {
                return new int[0];
            }
        }

        /**
         * A {@code Timestamp}'s or {@code OffsetDateTime}'s microseconds since 2000-01-01 UTC: {@link #instantOf}'s
         * instant (rounded to the microsecond half up) without making it, an {@code OffsetDateTime} read through its
         * epoch second and nanosecond (no {@code Instant} made per value: 14 % of the replay's applying thread in the
         * eighth round's profile).
         */
        static long micros(Object value) {
            long second;
            int nano;
            if (value instanceof OffsetDateTime time) {
                second = time.toEpochSecond();
                nano = time.getNano();
            } else {
                Instant at = ((Timestamp) value).toInstant();
                second = at.getEpochSecond();
                nano = at.getNano();
            }
            int micro = (nano + 500) / 1_000; // half up, as instantOf
            if (micro == 1_000_000) {
                second++;
                micro = 0;
            }
            return Math.addExact(Math.multiplyExact(second - POSTGRES_EPOCH, 1_000_000L), micro);
        }

        /** The rows in the binary format into {@code out}; false (and {@code out} to be cleared) if one cannot be. */
        static boolean write(List<Object[]> rows, int[] types, CopyBytes out) {
            if (types.length == 0) {
                return false;
            }
            header(out);
            for (Object[] row : rows) {
                if (!row(row, types, out)) {
                    return false;
                }
            }
            trailer(out);
            return true;
        }

        /** The signature, the flags and the header extension's length. */
        static void header(CopyBytes out) {
            out.raw(SIGNATURE, SIGNATURE.length);
            out.int32(0); // flags
            out.int32(0); // header extension length
        }

        /** The end of the rows. */
        static void trailer(CopyBytes out) {
            out.int16(-1);
        }

        /** One row into {@code out}; false (and {@code out} to be cleared) if it cannot be written so. */
        static boolean row(Object[] row, int[] types, CopyBytes out) {
            if (row.length != types.length) {
                return false;
            }
            out.int16(row.length);
            for (int i = 0; i < row.length; i++) {
                Object value = row[i];
                int type = types[i];
                if (value == null) {
                    out.int32(-1);
                } else if (value instanceof String text && (type == TEXT || type == VARCHAR)) {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    out.int32(utf8.length);
                    out.raw(utf8, utf8.length);
                } else if (type == TIMESTAMPTZ && (value instanceof OffsetDateTime || value instanceof Timestamp)) {
                    out.int32(8);
                    out.int64(micros(value));
                } else if (value instanceof Integer number && type == INT4) {
                    out.int32(4);
                    out.int32(number);
                } else if (value instanceof Long number && type == INT8) {
                    out.int32(8);
                    out.int64(number);
                } else {
                    return false;
                }
            }
            return true;
        }
    }

    /** A growing byte buffer that writes COPY text or binary. */
    static final class CopyBytes {
        private byte[] bytes;
        private int size;

        CopyBytes(int capacity) {
            bytes = new byte[Math.max(capacity, 64)];
        }

        CopyBytes put(char ascii) {
            room(1);
            bytes[size++] = (byte) ascii;
            return this;
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        /**
         * UTF-8, with COPY's escapes: the value's bytes taken at once ({@link String#getBytes}, which writes a lone
         * surrogate as {@code ?}), then the four bytes COPY escapes doubled (no byte of a multi-byte character is one).
         */
        void escaped(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            room(2 * utf8.length);
            byte[] out = bytes;
            int at = size;
            for (byte b : utf8) {
                if (b == '\\' || b == '\t' || b == '\n' || b == '\r') {
                    out[at++] = '\\';
                    out[at++] = (byte) (b == '\\' ? '\\' : b == '\t' ? 't' : b == '\n' ? 'n' : 'r');
                } else {
                    out[at++] = b;
                }
            }
            size = at;
        }

        /** {@code yyyy-MM-dd HH:mm:ss.ffffff+00} for the years 1 to 9999, else the instant's ISO text. */
        void timestamp(Instant instant) {
            LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(),
                    ZoneOffset.UTC);
            if (utc.getYear() < 1 || utc.getYear() > 9999) {
                escaped(instant.toString());
                return;
            }
            room(32);
            digits(utc.getYear(), 4);
            bytes[size++] = '-';
            digits(utc.getMonthValue(), 2);
            bytes[size++] = '-';
            digits(utc.getDayOfMonth(), 2);
            bytes[size++] = ' ';
            digits(utc.getHour(), 2);
            bytes[size++] = ':';
            digits(utc.getMinute(), 2);
            bytes[size++] = ':';
            digits(utc.getSecond(), 2);
            bytes[size++] = '.';
            digits(utc.getNano() / 1_000, 6);
            bytes[size++] = '+';
            bytes[size++] = '0';
            bytes[size++] = '0';
        }

        private void digits(int value, int width) {
            for (int i = width - 1; i >= 0; i--) {
                bytes[size + i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            size += width;
        }

        void raw(byte[] value, int length) {
            room(length);
            System.arraycopy(value, 0, bytes, size, length);
            size += length;
        }

        void int16(int value) {
            room(2);
            bytes[size++] = (byte) (value >>> 8);
            bytes[size++] = (byte) value;
        }

        void int32(int value) {
            room(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (value >>> shift);
            }
        }

        void int64(long value) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (value >>> shift);
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, size);
        }

        /** The array written so far, up to {@link #size}; valid until it is written again. */
        byte[] array() {
            return bytes;
        }

        int size() {
            return size;
        }

        /** What it holds, to read; valid until it is written again. */
        ByteArrayInputStream stream() {
            return new ByteArrayInputStream(bytes, 0, size);
        }

        void clear() {
            size = 0;
        }
    }
}
