package io.accessledger.provisioning;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** provisioning-service: grants, the connectors that carry them out, and the manual fulfilment queue. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProvisioningServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(ProvisioningServiceApplication.class, args);
    }
}
