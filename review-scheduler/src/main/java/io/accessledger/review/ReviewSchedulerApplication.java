package io.accessledger.review;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** review-scheduler: review dates and expiries of every grant; campaigns and leaver/mover clean-up build on it. */
@SpringBootApplication
public class ReviewSchedulerApplication {
    public static void main(String[] args) {
        SpringApplication.run(ReviewSchedulerApplication.class, args);
    }
}
