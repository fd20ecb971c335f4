package io.accessledger.spine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.infra.LocalPostgres;
import java.sql.Connection;
import java.util.List;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The spine's versioned schema: the same tables Axon would create, and safe on a database from before migrations. */
class SpineMigrationsTest {

    private static DriverManagerDataSource database(String prefix) {
        return new DriverManagerDataSource(LocalPostgres.freshDatabaseUrl(prefix), "postgres", "");
    }

    /** Axon 0.x of this suite created its tables with Axon's own factories at startup. */
    private static void createTheWayAxonDoes(DriverManagerDataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            PostgresEventTableFactory.INSTANCE.createDomainEventTable(connection, new EventSchema()).execute();
            PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(connection, new EventSchema()).execute();
            PostgresTokenTableFactory.INSTANCE.createTable(connection, new TokenSchema()).execute();
        }
    }

    private static List<String> columns(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                select table_name || '.' || column_name || ' ' || data_type || ' '
                       || coalesce(character_maximum_length::text, '-') || ' ' || is_nullable
                from information_schema.columns
                where table_schema = 'public' and table_name in ('domainevententry', 'snapshotevententry', 'tokenentry')
                order by table_name, column_name""", String.class);
    }

    private static List<String> keys(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                select tc.table_name || ' ' || tc.constraint_type || ' ' || string_agg(k.column_name, ',' order by k.ordinal_position)
                from information_schema.table_constraints tc
                join information_schema.key_column_usage k
                  on k.constraint_name = tc.constraint_name and k.table_name = tc.table_name
                where tc.table_schema = 'public' and tc.constraint_type in ('PRIMARY KEY', 'UNIQUE')
                  and tc.table_name in ('domainevententry', 'snapshotevententry', 'tokenentry')
                group by tc.table_name, tc.constraint_type, tc.constraint_name
                order by 1""", String.class);
    }

    @Test
    void theSpinesMigrationCreatesExactlyTheTablesAxonsPostgresFactoriesCreate() throws Exception {
        DriverManagerDataSource byAxon = database("axon");
        createTheWayAxonDoes(byAxon);
        DriverManagerDataSource byMigration = database("migrated");

        ModuleMigrations.migrate(byMigration, "spine");

        assertThat(columns(new JdbcTemplate(byMigration))).isNotEmpty()
                .containsExactlyElementsOf(columns(new JdbcTemplate(byAxon)));
        assertThat(keys(new JdbcTemplate(byMigration))).isNotEmpty()
                .containsExactlyElementsOf(keys(new JdbcTemplate(byAxon)));
    }

    @Test
    void aDatabaseFromBeforeMigrationsIsBaselinedAndKeepsItsEventsAndDedupeRows() throws Exception {
        DriverManagerDataSource old = database("old");
        createTheWayAxonDoes(old);
        JdbcTemplate jdbc = new JdbcTemplate(old);
        jdbc.execute("""
                create table inbound_dedupe (consumer varchar(100) not null, event_id varchar(100) not null,
                    topic varchar(249) not null, kafka_partition integer not null, kafka_offset bigint not null,
                    processed_at timestamptz not null default now(), primary key (consumer, event_id))""");
        jdbc.update("insert into inbound_dedupe (consumer, event_id, topic, kafka_partition, kafka_offset)"
                + " values ('timeline', 'e-1', 'accessledger.request.events.v1', 0, 7)");
        jdbc.update("insert into domainevententry (eventIdentifier, payload, payloadType, timeStamp,"
                + " aggregateIdentifier, sequenceNumber) values ('e-1', 'x'::bytea, 'T', 't', 'R-1', 0)");

        ModuleMigrations.migrate(old, "spine");
        ModuleMigrations.migrate(old, "spine");

        assertThat(jdbc.queryForObject("select count(*) from inbound_dedupe", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForList("select version from flyway_spine_history where success order by installed_rank",
                String.class)).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
    }

    @Test
    void aFreshDatabaseGetsEveryVersionOnceAndAModulesHistoryIsItsOwn() {
        DriverManagerDataSource fresh = database("fresh");

        ModuleMigrations.migrate(fresh, "spine");

        JdbcTemplate jdbc = new JdbcTemplate(fresh);
        assertThat(jdbc.queryForList("select version from flyway_spine_history where success order by installed_rank",
                String.class)).containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(jdbc.queryForObject("select to_regclass('flyway_schema_history') is null", Boolean.class)).isTrue();
    }
}
