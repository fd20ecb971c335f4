package io.accessledger.spine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.integrity.ChainHash;
import io.accessledger.events.integrity.MerkleTree;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.store.ModuleMigrations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class ChainStoreTest {
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;
    private static ChainStore chain;

    @BeforeAll
    static void database() {
        DataSource dataSource = new DriverManagerDataSource(LocalPostgres.freshDatabaseUrl("chain"), "postgres", "");
        ModuleMigrations.migrate(dataSource, "spine");
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        chain = new ChainStore(jdbc);
    }

    private static ChainLink next(String topic, String key, String ceId) {
        Map<String, String> headers = Map.of(CloudEventHeaders.ID, ceId, CloudEventHeaders.SUBJECT, key);
        return chain.next(topic, key, headers::get, ceId.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachKeyChainsFromZeroWhileTheIndexCountsTheWholeTopic() {
        List<ChainLink> links = new ArrayList<>();
        for (String[] event : new String[][] {{"A", "a0"}, {"B", "b0"}, {"A", "a1"}, {"A", "a2"}}) {
            ChainLink link = next("t1", event[0], event[1]);
            chain.record(link);
            links.add(link);
        }
        assertThat(links).extracting(ChainLink::index).containsExactly(0L, 1L, 2L, 3L);
        assertThat(links).extracting(ChainLink::seq).containsExactly(0L, 0L, 1L, 2L);
        assertThat(links.get(0).prev()).isEqualTo(ChainHash.NO_PREDECESSOR);
        assertThat(links.get(2).prev()).isEqualTo(links.get(0).hash());
        assertThat(links.get(3).prev()).isEqualTo(links.get(2).hash());
        List<byte[]> leaves = links.stream().map(link -> MerkleTree.leafData(link.hash())).toList();
        assertThat(chain.tree("t1").orElseThrow().frontier().root()).isEqualTo(MerkleTree.rootOf(leaves));
    }

    @Test
    void aPublishWhoseTransactionRolledBackIsSentAgainWithTheSameHeaders() {
        ChainLink first = transactions.execute(status -> {
            ChainLink link = next("t2", "A", "a0");
            chain.record(link);
            status.setRollbackOnly();
            return link;
        });
        ChainLink again = transactions.execute(status -> {
            ChainLink link = next("t2", "A", "a0");
            chain.record(link);
            return link;
        });
        assertThat(again.headers()).isEqualTo(first.headers());
        assertThat(next("t2", "A", "a1").index()).isEqualTo(1);
    }

    @Test
    void aCheckpointedSizeNeverGoesBack() {
        chain.record(next("t3", "A", "a0"));
        chain.checkpointed("t3", 1);
        chain.checkpointed("t3", 0);
        assertThat(chain.tree("t3").orElseThrow().checkpointedSize()).isEqualTo(1);
        assertThat(chain.tree("t3").orElseThrow().size()).isEqualTo(1);
    }
}
