package io.accessledger.deploy.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which instance of a service did which part of its work, from the counters on each one's Prometheus endpoint. */
class WorkSplitTest {
    private static String exposition(double grants, double absences, double published) {
        return """
                # HELP accessledger_inbound_processed_total
                # TYPE accessledger_inbound_processed_total counter
                accessledger_inbound_processed_total{application="provisioning-service",consumer="grant-driver"} %s
                accessledger_inbound_processed_total{application="provisioning-service",consumer="absence-cover"} %s
                accessledger_inbound_duplicates_total{application="provisioning-service",consumer="grant-driver"} 7.0
                accessledger_outbox_published_total{application="provisioning-service",topic="t",type="a"} %s
                accessledger_outbox_published_total{application="provisioning-service",topic="t",type="b"} 1.0
                """.formatted(grants, absences, published);
    }

    @Test
    void eachInstancesWorkIsWhatItsCountersRoseByWithinTheStretch() {
        WorkSplit split = new WorkSplit("provisioning-service");

        split.start("1", exposition(100, 40, 50));
        split.end("1", exposition(130, 40, 90)); // kept the outbox, handed the absences' partitions on
        split.end("2", exposition(25, 12, 0)); // joined within the stretch: counts from zero

        assertThat(split.done("1")).isEqualTo(Map.of("consumer grant-driver", 30L, "consumer absence-cover", 0L,
                "outbox: events published", 40L));
        assertThat(split.done("2")).isEqualTo(Map.of("consumer grant-driver", 25L, "consumer absence-cover", 12L,
                "outbox: events published", 1L));
        assertThat(split.markdown()).contains("| work | instance 1 | instance 2 |")
                .contains("| consumer grant-driver | 30 | 25 |").contains("| consumer absence-cover | 0 | 12 |")
                .doesNotContain("duplicates");
    }

    @Test
    void anInstanceStartedAgainWithinTheStretchIsNamedNotSubtracted() {
        WorkSplit split = new WorkSplit("approval-service");

        split.start("1", exposition(100, 40, 50));
        split.end("1", exposition(3, 40, 50));

        assertThat(split.markdown()).contains("| consumer grant-driver | started again |");
    }
}
