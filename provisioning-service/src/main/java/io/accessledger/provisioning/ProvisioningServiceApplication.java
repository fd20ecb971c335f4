package io.accessledger.provisioning;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** provisioning-service: grants, the connectors that carry them out, the manual fulfilment queue, and notifications. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ProvisioningServiceApplication {
    /** Its configuration is {@code provisioning-service.yml}, so the five services can share one class path (the system test). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ProvisioningServiceApplication.class).properties("spring.config.name=provisioning-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
