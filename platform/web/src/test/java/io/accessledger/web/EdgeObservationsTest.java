package io.accessledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.accessledger.spine.inbound.InboundListeners;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.accessledger.spine.replay.ReadModelRebuilds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The edge observes each call once ({@code http.server.requests}, the timer Prometheus scrapes), not Spring
 * Security's filter chain, authentication and authorization besides; a refused call is still timed, with its status.
 */
class EdgeObservationsTest {
    private static final String SECRET = "an-operator-chosen-secret-of-at-least-32-bytes";

    @Configuration(proxyBeanMethods = false)
    static class Door {
        /** The observations started, by name, and Boot's meters fed from them. */
        final List<String> observed = new CopyOnWriteArrayList<>();

        @Bean
        ObservationHandler<Observation.Context> recorder() {
            return new ObservationHandler<>() {
                @Override
                public void onStart(Observation.Context context) {
                    observed.add(context.getName());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            };
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }

        @Bean
        Hello hello() {
            return new Hello();
        }
    }

    @RestController
    static class Hello {
        @GetMapping("/api/hello")
        String hello() {
            return "hello";
        }
    }

    private final ReactiveWebApplicationContextRunner edge = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CodecsAutoConfiguration.class, WebFluxAutoConfiguration.class,
                    HttpHandlerAutoConfiguration.class, ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
                    WebFluxObservationAutoConfiguration.class, EdgeSecurity.class, EdgeObservations.class))
            .withInitializer(context -> context.getBeanFactory()
                    .setConversionService(new ApplicationConversionService()))
            .withUserConfiguration(Door.class)
            // the spine's admin door, which EdgeSecurity imports, is not called here
            .withBean(InboundListeners.class, () -> mock(InboundListeners.class))
            .withBean(ParkedRecordStore.class, () -> mock(ParkedRecordStore.class))
            .withBean(ReadModelRebuilds.class, () -> mock(ReadModelRebuilds.class))
            .withPropertyValues("accessledger.security.dev-jwt-secret=" + SECRET);

    @Test
    void aCallIsObservedOnceAsAnHttpServerRequestAndNotThroughSpringSecuritysFiltersToo() {
        edge.run(context -> {
            assertThat(context).hasNotFailed();
            WebTestClient client = WebTestClient.bindToServer(new HttpHandlerConnector(context.getBean(HttpHandler.class)))
                    .build();
            client.get().uri("/api/hello")
                    .header("Authorization", "Bearer " + DevTokens.mint(SECRET, "E1001", List.of(), Duration.ofMinutes(5)))
                    .exchange().expectStatus().isOk();
            client.get().uri("/api/hello").exchange().expectStatus().isUnauthorized();

            List<String> observed = context.getBean(Door.class).observed;
            assertThat(observed).containsExactly("http.server.requests", "http.server.requests");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("http.server.requests").timers()).extracting(Timer::count).containsExactly(1L, 1L);
            assertThat(meters.get("http.server.requests").tag("status", "401").timer().count()).isEqualTo(1);
            assertThat(meters.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("spring.security"));
        });
    }
}
