package io.accessledger.review.cleanup;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the leaver sweep. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class Scheduling {
}
