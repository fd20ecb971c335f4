package io.accessledger.request.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.accessledger.request.ServiceYaml;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.request.intake.IntakeDoor;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.request.hris.DeliveryAuth;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.support.TransactionTemplate;

/** request-service.yml's accessledger.servicenow block binds; without an instance URL nothing is written back. */
class ServiceNowConfigurationTest {

    private static ApplicationContextRunner runner() {
        return runner("local");
    }

    private static ApplicationContextRunner runner(String profile) {
        return new ApplicationContextRunner()
                .withBean(ServiceNowStore.class, () -> mock(ServiceNowStore.class))
                .withBean(TransactionTemplate.class, () -> mock(TransactionTemplate.class))
                .withBean(DirectoryView.class, () -> mock(DirectoryView.class))
                .withBean(IntakeDoor.class, () -> mock(IntakeDoor.class))
                .withBean(CommandGateway.class, () -> mock(CommandGateway.class))
                .withBean(CausedCommands.class, () -> mock(CausedCommands.class))
                .withBean(Clock.class, Clock::systemUTC)
                .withInitializer(ServiceYaml.withProfiles(profile))
                .withUserConfiguration(ServiceNowConfiguration.class, ServiceNowIntakeController.class);
    }

    @Test
    void theDocumentedDefaultsBindAndLeaveWriteBackOff() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            ServiceNowProperties properties = context.getBean(ServiceNowProperties.class);
            assertThat(properties.instanceUrl()).isEmpty();
            assertThat(properties.inbound().username()).isEqualTo("servicenow-dev");
            assertThat(properties.inbound().tolerance()).isEqualTo(Duration.ofMinutes(5));
            assertThat(context.getBean(DeliveryAuth.class).acceptsUnsigned())
                    .as("ServiceNow's deliveries must be signed unless configuration says otherwise").isFalse();
            assertThat(properties.maxAttempts()).isEqualTo(4);
            assertThat(properties.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
            assertThat(context.getBean(ServiceNowClient.class).configured()).isFalse();
            assertThat(context).hasSingleBean(ServiceNowIntakeController.class)
                    .hasSingleBean(ServiceNowWriteBack.class).hasSingleBean(RitmDoor.class)
                    .hasSingleBean(ServiceNowStore.class);
        });
    }

    @Test
    void outsideTheLocalProfileTheInboundSigningSecretHasNoDefaultSoTheServiceRefusesToStartWithoutIt() {
        runner("prod").run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("accessledger.servicenow.inbound.signing-secret must be set"));
        runner("prod").withPropertyValues("accessledger.servicenow.inbound.signing-secret=own-secret").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ServiceNowProperties.class).inbound().password())
                    .as("no development password outside the local profile").isEmpty();
        });
    }

    @Test
    void anInstanceUrlTurnsWriteBackOn() {
        runner().withPropertyValues("accessledger.servicenow.instance-url=https://dev12345.service-now.com",
                        "accessledger.servicenow.username=accessledger-integration",
                        "accessledger.servicenow.password=integration-password")
                .run(context -> assertThat(context.getBean(ServiceNowClient.class).configured()).isTrue());
    }

    @Test
    void anInstanceUrlWithoutCredentialsRefusesTheStartNamingTheKey() {
        runner().withPropertyValues("accessledger.servicenow.instance-url=https://dev12345.service-now.com",
                        "accessledger.servicenow.username=accessledger-integration")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("accessledger.servicenow.password is missing")
                        .hasMessageContaining("ACCESSLEDGER_SERVICENOW_PASSWORD"));
    }
}
