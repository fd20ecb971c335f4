package io.accessledger.request.hris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.accessledger.request.ServiceYaml;
import io.accessledger.request.hris.bamboohr.BambooHrConfiguration;
import io.accessledger.request.hris.bamboohr.BambooHrFetchStore;
import io.accessledger.request.hris.bamboohr.BambooHrFetches;
import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.standardwebhooks.StandardWebhookSignature;
import io.accessledger.request.hris.standardwebhooks.StandardWebhooksConfiguration;
import io.accessledger.request.hris.workday.EffectiveDatedEvents;
import io.accessledger.request.hris.workday.EffectiveDatedStore;
import io.accessledger.request.hris.workday.PendingWorkdayEventsJob;
import io.accessledger.request.hris.workday.WorkdayConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * request-service.yml's accessledger.hris block binds and yields working verifiers; a missing secret fails fast, and
 * only the {@code local} profile has development secrets.
 */
class HrisConfigurationTest {

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withBean(BambooHrFetchStore.class, () -> mock(BambooHrFetchStore.class))
                .withBean(EffectiveDatedStore.class, () -> mock(EffectiveDatedStore.class))
                .withBean(DirectoryRecorder.class, () -> mock(DirectoryRecorder.class))
                .withBean(Clock.class, Clock::systemUTC)
                .withBean(io.accessledger.spine.jobs.JobLeases.class, () -> mock(io.accessledger.spine.jobs.JobLeases.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(HrisConfiguration.class, BambooHrConfiguration.class, WorkdayConfiguration.class,
                        StandardWebhooksConfiguration.class, PendingWorkdayEventsJob.class);
    }

    @Test
    void theLocalProfilesDocumentedDevSecretsBindToWorkingVerifiers() {
        runner().withInitializer(ServiceYaml.withProfiles("local"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    HrisProperties properties = context.getBean(HrisProperties.class);
                    assertThat(properties.bamboohr().privateKey()).isEqualTo("dev-bamboohr-key");
                    assertThat(properties.workday().username()).isEqualTo("workday-dev");
                    assertThat(context.getBean(DeliveryAuth.class).acceptsUnsigned())
                            .as("Workday's deliveries must be signed unless configuration says otherwise").isFalse();
                    assertThat(properties.standardWebhooks().secret()).startsWith("whsec_");
                    assertThat(properties.tolerance()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(properties.bamboohr().api().baseUrl())
                            .isEqualTo("https://api.bamboohr.com/api/gateway.php");
                    assertThat(properties.bamboohr().api().configured()).isFalse();
                    assertThat(context.getBean(BambooHrFetches.class).configured()).isFalse();
                    assertThat(context).hasSingleBean(BodySignature.class)
                            .hasSingleBean(StandardWebhookSignature.class).hasSingleBean(DeliveryAuth.class)
                            .hasSingleBean(EffectiveDatedEvents.class).hasSingleBean(PendingWorkdayEventsJob.class);
                });
    }

    @Test
    void outsideTheLocalProfileNoWebhookSecretHasADefaultSoTheServiceRefusesToStartWithoutItsOwn() {
        runner().withInitializer(ServiceYaml.withProfiles("prod"))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageMatching("accessledger\\.hris\\..* must be set"));
        runner().withInitializer(ServiceYaml.withProfiles("prod")).withPropertyValues(
                        "accessledger.hris.bamboohr.private-key=own-key", "accessledger.hris.workday.signing-secret=own",
                        "accessledger.hris.standard-webhooks.secret=whsec_b3duLXNlY3JldA==")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(HrisProperties.class).workday().password())
                            .as("no development password outside the local profile").isEmpty();
                });
    }

    @Test
    void aMissingSecretFailsAtStartup() {
        runner().withPropertyValues("accessledger.hris.bamboohr.private-key=k",
                "accessledger.hris.workday.signing-secret=w")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("accessledger.hris.standard-webhooks.secret must be set"));
    }

    @Test
    void workdayNeedsASigningSecretAndBasicCredentialsOnlyWhenUnsignedDeliveriesAreAccepted() {
        runner().withPropertyValues("accessledger.hris.bamboohr.private-key=k",
                "accessledger.hris.standard-webhooks.secret=whsec_czNjcmV0",
                "accessledger.hris.workday.username=u", "accessledger.hris.workday.password=p")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("accessledger.hris.workday.signing-secret must be set"));
        runner().withPropertyValues("accessledger.hris.bamboohr.private-key=k",
                "accessledger.hris.standard-webhooks.secret=whsec_czNjcmV0",
                "accessledger.hris.workday.accept-unsigned=true", "accessledger.hris.workday.password=p")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("accessledger.hris.workday.username must be set"));
        runner().withPropertyValues("accessledger.hris.bamboohr.private-key=k",
                "accessledger.hris.standard-webhooks.secret=whsec_czNjcmV0",
                "accessledger.hris.workday.accept-unsigned=true", "accessledger.hris.workday.username=u",
                "accessledger.hris.workday.password=p")
                .run(context -> assertThat(context.getBean(DeliveryAuth.class).acceptsUnsigned()).isTrue());
    }
}
