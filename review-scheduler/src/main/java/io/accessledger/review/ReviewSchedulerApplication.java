package io.accessledger.review;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** review-scheduler: review dates and expiries of every grant; campaigns and leaver/mover clean-up build on it. */
@SpringBootApplication
@EnableScheduling
public class ReviewSchedulerApplication {
    /** Its configuration is {@code review-scheduler.yml}, so the five services can share one class path (the system test). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ReviewSchedulerApplication.class).properties("spring.config.name=review-scheduler");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
