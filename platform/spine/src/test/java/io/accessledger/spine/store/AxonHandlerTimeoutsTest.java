package io.accessledger.spine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The spine's default for Axon's per-handler time limits: off, unless set anywhere else. */
class AxonHandlerTimeoutsTest {

    @Test
    void handlerTimeLimitsAreOffByDefault() {
        StandardEnvironment environment = new StandardEnvironment();

        new AxonHandlerTimeouts().postProcessEnvironment(environment, null);

        for (String kind : new String[] {"commands", "events", "queries", "deadlines"}) {
            assertThat(environment.getProperty("axon.timeout.handler." + kind + ".timeout-ms", Integer.class))
                    .isEqualTo(-1);
            assertThat(environment.getProperty("axon.timeout.handler." + kind + ".warning-threshold-ms",
                    Integer.class)).isEqualTo(-1);
        }
        assertThat(environment.getProperty("axon.timeout.transaction.command-bus.timeout-ms")).isNull();
    }

    @Test
    void aLimitSetElsewhereWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("axon.timeout.handler.commands.timeout-ms", "30000")));

        new AxonHandlerTimeouts().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty("axon.timeout.handler.commands.timeout-ms", Integer.class))
                .isEqualTo(30_000);
        assertThat(environment.getProperty("axon.timeout.handler.events.timeout-ms", Integer.class)).isEqualTo(-1);
    }
}
