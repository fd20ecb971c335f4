package io.accessledger.approval;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** approval-service: one approval case per request, its stages and tasks, and the approvers' inbox; its jobs run here. */
@SpringBootApplication
@EnableScheduling
public class ApprovalServiceApplication {
    /** Its configuration is {@code approval-service.yml}, so the five services can share one class path (the system test). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ApprovalServiceApplication.class).properties("spring.config.name=approval-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
