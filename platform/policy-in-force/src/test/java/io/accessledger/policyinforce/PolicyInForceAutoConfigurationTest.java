package io.accessledger.policyinforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.spine.inbound.EventConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

class PolicyInForceAutoConfigurationTest {

    @Test
    void aServiceWithTheModuleGetsTheViewAsAConsumerWithItsTableCreated() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PolicyInForceAutoConfiguration.class))
                .withBean(JdbcTemplate.class, PolicyInForceViewTest::jdbcOnFreshDatabase)
                .run(context -> {
                    assertThat(context).hasSingleBean(PolicyInForceView.class);
                    assertThat(context.getBeansOfType(EventConsumer.class).values()).singleElement()
                            .isSameAs(context.getBean(PolicyInForceView.class));
                    assertThat(context.getBean(JdbcTemplate.class).queryForObject(
                            "select to_regclass('policy_in_force') is not null", Boolean.class)).isTrue();
                    assertThat(context.getBean(PolicyInForceView.class).current()).isEmpty();
                });
    }

    @Test
    void theAutoConfigurationIsRegisteredForSpringBoot() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
                .contains(PolicyInForceAutoConfiguration.class.getName());
    }
}
