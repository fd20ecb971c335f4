package io.accessledger.audit.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.infra.LocalPostgres;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The command's own store gives the export's session the memory to sort the whole log without merging from disk in
 * several passes; its other sessions, and every session of a store the auditor names, keep the server's settings.
 */
class AuditStoreTest {
    @Test
    void theCommandsOwnStoreExportsWithItsOwnWorkMemAndReplaysWithTheServersDefault() {
        try (AuditStore store = AuditStore.embedded()) {
            assertThat(workMem(store.exportDataSource())).isEqualTo(AuditStore.EXPORT_WORK_MEM);
            assertThat(workMem(store.dataSource())).isEqualTo("4MB");
            assertThat(new JdbcTemplate(store.exportDataSource()).queryForObject("show synchronous_commit",
                    String.class)).isEqualTo("off");
        }
    }

    @Test
    void aStoreTheAuditorNamesKeepsItsOwnWorkMemForTheExport() {
        try (AuditStore store = AuditStore.at(LocalPostgres.freshDatabaseUrl("named_store"), "postgres", "")) {
            assertThat(workMem(store.exportDataSource())).isEqualTo("4MB");
            assertThat(store.exportDataSource()).isSameAs(store.dataSource());
        }
    }

    /**
     * The command's own store compares text by code point, the order the C.UTF-8 locale gives, whatever locale the
     * machine has, and by PostgreSQL's builtin provider, whose comparisons need no call into the C library and sort
     * on short keys (its indexes build faster).
     */
    @Test
    void theCommandsOwnStoreSortsTextByCodePointWithPostgresqlsBuiltinLocale() {
        try (AuditStore store = AuditStore.embedded()) {
            JdbcTemplate jdbc = new JdbcTemplate(store.dataSource());
            assertThat(jdbc.queryForObject("select array_to_string(array_agg(t order by t), ' ') from unnest(array["
                    + "'b', 'B', 'a-c', 'ab', '_', 'é', 'e', 'Z', '10', '9', 'ä', ' a'::text]) t", String.class))
                    .isEqualTo(" a 10 9 B Z _ a-c ab b e ä é");
            assertThat(jdbc.queryForObject("select datlocprovider::text || ' ' || datlocale from pg_database"
                    + " where datname = current_database()", String.class)).isEqualTo("b C.UTF-8");
        }
    }

    /**
     * The replay's transactions, one after another, all run on one PostgreSQL backend: not a new backend, with cold
     * caches, per transaction.
     */
    @Test
    void theReplaysTransactionsOneAfterAnotherShareOneBackend() {
        for (AuditStore store : List.of(AuditStore.embedded(),
                AuditStore.at(LocalPostgres.freshDatabaseUrl("one_backend"), "postgres", ""))) {
            try (store) {
                JdbcTemplate jdbc = new JdbcTemplate(store.dataSource());
                TransactionTemplate transactions = new TransactionTemplate(
                        new DataSourceTransactionManager(store.dataSource()));
                Set<Integer> backends = new HashSet<>();
                for (int poll = 0; poll < 20; poll++) {
                    backends.add(transactions.execute(status -> jdbc.queryForObject("select pg_backend_pid()",
                            Integer.class)));
                }
                assertThat(backends).as(store.description()).hasSize(1);
            }
        }
    }

    private static String workMem(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject("show work_mem", String.class);
    }
}
