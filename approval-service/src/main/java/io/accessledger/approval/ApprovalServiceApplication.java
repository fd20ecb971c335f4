package io.accessledger.approval;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** approval-service: one approval case per request, its stages and tasks, and the approvers' inbox. */
@SpringBootApplication
public class ApprovalServiceApplication {
    /** Its configuration is {@code approval-service.yml}, so the five services can share one class path (the system test). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ApprovalServiceApplication.class).properties("spring.config.name=approval-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
