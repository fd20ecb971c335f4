package io.accessledger.spine.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns off Axon's per-handler time limits ({@code axon.timeout.handler.*}), keeping its per-transaction ones
 * ({@code axon.timeout.transaction.*}: a command's unit of work, an event processor's batch). Axon 4.13 wraps every
 * handler invocation (each command handler, each event-sourcing handler as an aggregate is loaded and as it applies,
 * each event handler of the outbox) in a time-limited task whose start takes the whole stack of the calling thread
 * ({@code Thread.getStackTrace}, about a hundred frames under a Kafka listener) and schedules and cancels a warning
 * on a shared scheduler: some forty times per request (docs/BENCHMARKS.md, "End-to-end", "Eighth round"). Each
 * handler runs inside its unit of work, whose limit (warnings after 10 s, interrupted after 60 s for a command) stays
 * on. Added last: a value set anywhere else (the service's file, the environment, the command line) wins.
 */
public class AxonHandlerTimeouts implements EnvironmentPostProcessor {
    static final String SOURCE = "accessledger-axon-handler-timeouts";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> off = new LinkedHashMap<>();
        for (String kind : new String[] {"commands", "events", "queries", "deadlines"}) {
            off.put("axon.timeout.handler." + kind + ".timeout-ms", -1);
            off.put("axon.timeout.handler." + kind + ".warning-threshold-ms", -1);
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, off));
    }
}
