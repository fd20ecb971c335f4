package io.accessledger.audit.command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The replay's writer for the audit read models: inside a transaction their updates are held, per statement in the
 * order given, and sent per statement just before the transaction commits; a rollback drops them. A plain
 * {@code insert into t (columns) values (?, …)}, with or without {@code on conflict (…) do nothing}, held more than
 * once is sent with PostgreSQL's {@code COPY … FROM STDIN} (text format) inside a savepoint; if the copy fails — a
 * row already there, which the statement's {@code on conflict} would have skipped, or anything else — the savepoint
 * is rolled back and the rows are sent as the statement itself, one JDBC batch (with the store's
 * {@code reWriteBatchedInserts}, multi-row inserts), so the outcome is always the statement's own. Other statements,
 * and one held once, are sent as that batch. Outside a transaction an update is sent at once. It reports one row per
 * held update, so it suits only read models whose handling writes and never reads or counts what it wrote — the audit
 * read models (every write an {@code insert … on conflict (event_id) do nothing}, whatever the order); what a failed
 * batch throws rolls the transaction back, as a failed update would have.
 */
final class BatchedWrites extends JdbcTemplate {
    /** What {@code COPY} can send: the table, the columns, nothing but placeholders, at most "do nothing". */
    private static final Pattern PLAIN_INSERT = Pattern.compile("(?is)\\s*insert\\s+into\\s+(\\w+)"
            + "\\s*\\(([\\w,\\s]+)\\)\\s*values\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\)"
            + "(?:\\s*on\\s+conflict\\s*\\([\\w,\\s]+\\)\\s+do\\s+nothing)?\\s*");

    private final Map<String, List<Object[]>> held = new LinkedHashMap<>();
    /** The {@code COPY} text of one statement's rows, kept from one batch to the next (it grows to the largest). */
    private final CopyBytes buffer = new CopyBytes(1 << 20);
    private long copied;

    BatchedWrites(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    public int update(String sql, Object... args) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return super.update(sql, args);
        }
        if (held.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    sendHeld(); // not flush(): that would be the synchronization's own
                }

                @Override
                public void afterCompletion(int status) {
                    held.clear();
                }
            });
        }
        held.computeIfAbsent(sql, s -> new ArrayList<>()).add(args.clone());
        return 1;
    }

    private void sendHeld() {
        held.forEach((sql, rows) -> {
            Matcher insert = PLAIN_INSERT.matcher(sql);
            if (rows.size() > 1 && insert.matches()) {
                copy(sql, "copy " + insert.group(1) + " (" + insert.group(2).strip() + ") from stdin", rows);
            } else {
                super.batchUpdate(sql, rows);
            }
        });
        held.clear();
    }

    /** The rows by {@code COPY}; on any failure of it, back to the savepoint and the statement's own batch. */
    private void copy(String sql, String copy, List<Object[]> rows) {
        CopyBytes text = buffer;
        text.clear();
        write(rows, text);
        boolean copied = Boolean.TRUE.equals(execute((ConnectionCallback<Boolean>) connection -> {
            Savepoint savepoint = connection.setSavepoint();
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
        } else {
            super.batchUpdate(sql, rows);
        }
    }

    /** Rows sent by {@code COPY} so far. */
    long copiedRows() {
        return copied;
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

    /** {@link #copyText} into {@code text}, after what it holds. */
    private static void write(List<Object[]> rows, CopyBytes text) {
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.put('\t');
                }
                Object value = row[i];
                if (value == null) {
                    text.put('\\').put('N');
                } else if (value instanceof Timestamp timestamp) {
                    text.timestamp(timestamp.toInstant().plusNanos(500).truncatedTo(ChronoUnit.MICROS));
                } else {
                    text.escaped(value.toString());
                }
            }
            text.put('\n');
        }
    }

    /** A growing byte buffer that writes COPY text. */
    private static final class CopyBytes {
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

        byte[] bytes() {
            return Arrays.copyOf(bytes, size);
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
