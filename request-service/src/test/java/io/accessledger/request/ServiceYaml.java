package io.accessledger.request;

import java.util.Map;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * request-service.yml as Spring Boot resolves it when the service starts with the given profiles (its
 * {@code spring.config.activate.on-profile} documents applied or not), for tests that bind a block of it.
 */
public final class ServiceYaml {
    private ServiceYaml() {
    }

    public static ApplicationContextInitializer<ConfigurableApplicationContext> withProfiles(String... profiles) {
        return context -> {
            ConfigurableEnvironment environment = context.getEnvironment();
            environment.getPropertySources().addLast(new MapPropertySource("service-config-name",
                    Map.of("spring.config.name", "request-service")));
            ConfigDataEnvironmentPostProcessor.applyTo(environment, null, null, profiles);
        };
    }
}
