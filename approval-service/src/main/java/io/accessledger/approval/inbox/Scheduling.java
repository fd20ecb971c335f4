package io.accessledger.approval.inbox;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the deadline watch. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class Scheduling {
}
