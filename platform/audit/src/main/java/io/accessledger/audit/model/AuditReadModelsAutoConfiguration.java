package io.accessledger.audit.model;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gives a service with this module on its classpath (request-service) the audit read models as beans: the spine runs
 * them as its consumers (groups {@code accessledger.<service>.audit-trail} and {@code …audit-access-history}) and
 * rebuilds them with the service's other read models. Their tables are migrated first. Off with
 * {@code accessledger.audit.read-models.enabled=false} (the replay command runs them without Spring).
 */
@AutoConfiguration
@ConditionalOnProperty(name = "accessledger.audit.read-models.enabled", havingValue = "true", matchIfMissing = true)
public class AuditReadModelsAutoConfiguration {
    @Bean
    AuditTrailView auditTrailView(JdbcTemplate jdbc) {
        AuditReadModels.migrate(jdbc.getDataSource());
        return new AuditTrailView(jdbc);
    }

    /** Migrated by the trail's bean, which it waits for. */
    @Bean
    AccessHistoryView accessHistoryView(JdbcTemplate jdbc, AuditTrailView migrated) {
        return new AccessHistoryView(jdbc);
    }
}
