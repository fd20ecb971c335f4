package io.accessledger.policy;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** policy-service: the versioned policy document and the evaluation of every request against it. */
@SpringBootApplication
public class PolicyServiceApplication {
    /** Its configuration is {@code policy-service.yml}, so the five services can share one class path (the system test). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(PolicyServiceApplication.class).properties("spring.config.name=policy-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
