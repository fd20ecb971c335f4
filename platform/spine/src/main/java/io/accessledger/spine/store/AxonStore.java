package io.accessledger.spine.store;

import io.accessledger.events.codec.EventJson;
import io.accessledger.spine.SpineAutoConfiguration;
import io.accessledger.spine.SpineProperties;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's event store and token store on the service's own PostgreSQL, through JDBC: payloads are {@code bytea}
 * (the columns of Axon's PostgreSQL table factories, created by the spine's migrations), never large objects. The
 * store is the service's outbox.
 */
@Configuration(proxyBeanMethods = false)
public class AxonStore {

    @Bean
    @Primary
    public Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(EventJson.mapper()).lenientDeserialization()
                .revisionResolver(StoredEventUpcaster::revisionOf).build();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    /**
     * Axon's units of work run in Spring's transactions. Axon 4.13's own auto-configuration orders itself after Boot
     * 3's class names, which Boot 4 moved, and so falls back to {@code NoTransactionManager}: events would be
     * appended in autocommit, apart from the handlers that must commit with them. Declared here, explicitly.
     */
    @Bean
    @Primary
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    @Bean
    public ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver(DataSource dataSource) throws Exception {
        return new JdbcSQLErrorCodesResolver();
    }

    @Bean
    public EventStorageEngine eventStorageEngine(ConnectionProvider connections, TransactionManager transactions,
            Serializer serializer, PersistenceExceptionResolver resolver, SpineAutoConfiguration.SpineSchema schema) {
        // validated by the engine's constructor; it reads no snapshots (SnapshotlessStorageEngine: none is ever written)
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .persistenceExceptionResolver(resolver)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .dataType(byte[].class)
                .upcasterChain(new StoredEventUpcaster());
        return new SnapshotlessStorageEngine(builder);
    }

    /**
     * Axon's embedded event store as Axon's auto-configuration makes it (same monitor and span factory), but whose
     * reader is woken after the appending transaction's commit ({@link CommitWakingEventStore}) and waits {@code
     * accessledger.spine.outbox-fetch-delay} when it found nothing.
     */
    @Bean
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon,
            SpineProperties spine) {
        return new CommitWakingEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .fetchDelay(spine.outboxFetchDelay().toMillis()));
    }

    /**
     * Each instance claims its tracking tokens under its own node id: Axon's default ({@code pid@host}) is the same for
     * two instances in one JVM (the two-instance tests), which then both held the outbox's claim and both published
     * every event.
     */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connections,
            Serializer serializer, SpineAutoConfiguration.SpineSchema schema) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .contentType(byte[].class)
                .nodeId(ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID())
                .build();
    }
}
