package io.accessledger.spine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.infra.KraftBroker;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

class BrokerAfterApplicationTest {

    /** A Spring test class with a broker of its own, and an application that asks the broker as it closes. */
    @SpringJUnitConfig(WithABrokerOfItsOwn.Application.class)
    static class WithABrokerOfItsOwn {
        static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
        static volatile Boolean brokerAnsweredAsTheApplicationClosed;

        @Configuration
        static class Application {
            @Bean
            Closing closing() {
                return new Closing();
            }
        }

        static class Closing {
            @PreDestroy
            void askTheBroker() {
                brokerAnsweredAsTheApplicationClosed = answers(BROKER);
            }
        }
    }

    @Test
    void aClassesApplicationClosesWhileItsBrokerIsThereAndTheBrokerClosesAfter() throws Exception {
        TestContextManager manager = new TestContextManager(WithABrokerOfItsOwn.class);
        manager.beforeTestClass();
        manager.prepareTestInstance(new WithABrokerOfItsOwn());
        assertThat(WithABrokerOfItsOwn.brokerAnsweredAsTheApplicationClosed).isNull();

        manager.afterTestClass();

        assertThat(WithABrokerOfItsOwn.brokerAnsweredAsTheApplicationClosed).isTrue();
        assertThat(answers(WithABrokerOfItsOwn.BROKER)).isFalse();
    }

    static boolean answers(KraftBroker broker) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3_000))) {
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
