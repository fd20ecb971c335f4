package io.accessledger.spine.store;

import io.accessledger.events.codec.EventJson;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Axon's event store and token store on the service's own PostgreSQL, through JDBC: payloads are {@code bytea}
 * (PostgreSQL table factories), never large objects. The store is the service's outbox.
 */
@Configuration(proxyBeanMethods = false)
public class AxonStore {

    @Bean
    @Primary
    public Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(EventJson.mapper()).lenientDeserialization().build();
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
            Serializer serializer, PersistenceExceptionResolver resolver, JdbcTemplate jdbc) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .persistenceExceptionResolver(resolver)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .dataType(byte[].class)
                .build();
        if (!tableExists(jdbc, "domainevententry")) {
            engine.createSchema(PostgresEventTableFactory.INSTANCE);
        }
        return engine;
    }

    @Bean
    public TokenStore tokenStore(ConnectionProvider connections, TransactionManager transactions,
            Serializer serializer, JdbcTemplate jdbc) {
        JdbcTokenStore store = JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .contentType(byte[].class)
                .build();
        if (!tableExists(jdbc, "tokenentry")) {
            transactions.executeInTransaction(() -> store.createSchema(PostgresTokenTableFactory.INSTANCE));
        }
        return store;
    }

    private static boolean tableExists(JdbcTemplate jdbc, String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, table));
    }
}
