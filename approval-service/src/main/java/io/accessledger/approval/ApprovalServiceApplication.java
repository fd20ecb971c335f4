package io.accessledger.approval;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** approval-service: one approval case per request, its stages and tasks, and the approvers' inbox. */
@SpringBootApplication
public class ApprovalServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(ApprovalServiceApplication.class, args);
    }
}
