package io.accessledger.audit.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The replay's writer for the audit read models: inside a transaction their updates are held, per statement in the
 * order given, and sent as one JDBC batch per statement just before the transaction commits (with the store's
 * {@code reWriteBatchedInserts}, as multi-row inserts); a rollback drops them. Outside a transaction an update is sent
 * at once. It reports one row per held update, so it suits only read models whose handling writes and never reads or
 * counts what it wrote — the audit read models (every write an {@code insert … on conflict (event_id) do nothing},
 * whatever the order); what a failed flush throws rolls the transaction back, as a failed update would have.
 */
final class BatchedWrites extends JdbcTemplate {
    private final Map<String, List<Object[]>> held = new LinkedHashMap<>();

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
        held.forEach(super::batchUpdate);
        held.clear();
    }
}
