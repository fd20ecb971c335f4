package io.accessledger.audit.command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
        byte[] text = copyText(rows);
        boolean copied = Boolean.TRUE.equals(execute((ConnectionCallback<Boolean>) connection -> {
            Savepoint savepoint = connection.setSavepoint();
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new ByteArrayInputStream(text));
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
     * The rows in {@code COPY}'s text format: tab between values, a newline after each row, {@code \N} for null,
     * backslash, tab, newline and carriage return escaped; a timestamp as its instant in UTC rounded to the
     * microsecond half up, as the driver sends it.
     */
    static byte[] copyText(List<Object[]> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 512);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                Object value = row[i];
                if (value == null) {
                    text.append("\\N");
                } else if (value instanceof Timestamp timestamp) {
                    text.append(timestamp.toInstant().plusNanos(500).truncatedTo(ChronoUnit.MICROS));
                } else {
                    escape(value.toString(), text);
                }
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void escape(String value, StringBuilder text) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
