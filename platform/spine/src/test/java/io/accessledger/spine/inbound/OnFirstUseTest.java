package io.accessledger.spine.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * A consumer's counters are looked up in the registry once, at their first use, not for every record counted
 * (docs/BENCHMARKS.md, "End-to-end", "Ninth round"), and show in the registry only once something was counted.
 */
class OnFirstUseTest {
    /** Counts its look-ups by name and tags, the call a per-record count used to make. */
    static final class CountingRegistry extends SimpleMeterRegistry {
        int lookUps;

        @Override
        public Counter counter(String name, String... tags) {
            lookUps++;
            return super.counter(name, tags);
        }
    }

    @Test
    void aCounterIsRegisteredAtItsFirstUseAndLookedUpOnlyThen() {
        CountingRegistry meters = new CountingRegistry();
        ConsumerProcessing.OnFirstUse processed = new ConsumerProcessing.OnFirstUse(meters,
                "accessledger.inbound.processed", "consumer", "case-driver");

        assertThat(meters.find("accessledger.inbound.processed").counters()).isEmpty();

        processed.increment(1);
        processed.increment(3);
        processed.increment(1);

        assertThat(meters.get("accessledger.inbound.processed").tag("consumer", "case-driver").counter().count())
                .isEqualTo(5);
        assertThat(meters.lookUps).isEqualTo(1);
    }
}
