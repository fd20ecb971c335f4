package io.accessledger.request;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** request-service: intake of access requests, the directory (identity events), and every request's timeline. */
@SpringBootApplication
@EnableScheduling
public class RequestServiceApplication {
    /** Its configuration is {@code request-service.yml}, so the five services can share one class path (the system test). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(RequestServiceApplication.class).properties("spring.config.name=request-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
