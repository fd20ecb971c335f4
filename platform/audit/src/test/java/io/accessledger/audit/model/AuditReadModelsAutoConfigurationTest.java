package io.accessledger.audit.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.spine.replay.ReadModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/** A service with this module gets both read models as beans (so the spine consumes and rebuilds them), migrated. */
class AuditReadModelsAutoConfigurationTest {
    private final JdbcTemplate jdbc = AuditReadModelsTest.jdbcOnFreshDatabase();
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AuditReadModelsAutoConfiguration.class))
            .withBean(JdbcTemplate.class, () -> jdbc);

    @Test
    void theReadModelsAreBeansOnMigratedTables() {
        jdbc.execute("drop table audit_event; drop table audit_grant_opened; drop table audit_grant_ended;"
                + " drop table flyway_audit_history");

        context.run(started -> {
            assertThat(started.getBeansOfType(ReadModel.class).values()).extracting(ReadModel::name)
                    .containsExactlyInAnyOrder("audit-trail", "audit-access-history");
            assertThat(jdbc.queryForObject("select to_regclass('audit_event') is not null", Boolean.class)).isTrue();
        });
    }

    @Test
    void theyCanBeSwitchedOff() {
        context.withPropertyValues("accessledger.audit.read-models.enabled=false")
                .run(started -> assertThat(started.getBeansOfType(ReadModel.class)).isEmpty());
    }
}
