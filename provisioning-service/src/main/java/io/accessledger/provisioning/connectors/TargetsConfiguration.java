package io.accessledger.provisioning.connectors;

import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The targets, read and checked when the service starts: a wrong one refuses the start ({@link InvalidTargets}). */
@Configuration(proxyBeanMethods = false)
public class TargetsConfiguration {
    @Bean
    public Targets targets(Environment environment, List<Connector> connectors) {
        return Targets.from(Binder.get(environment), connectors);
    }
}
