package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fault run (docs/RELIABILITY.md, "Fault runs under load"): broker, PostgreSQL and the five services as
 * separate processes under a steady load of auto-approved requests; a poison record and duplicated records pushed
 * into the topics. After it, every invariant holds on the log read back from the topics and the event stores,
 * requests flowed again, and the load never ran out of people to make them (the harness reported a stall that was
 * none while it did); then a {@code kill -9} of provisioning-service (its consumers' partitions, its connector
 * calls' leases and its outbox taken over by the instance started again). The other services' kills, the broker's and
 * PostgreSQL's restarts, the SCIM outage, a second instance joining and leaving and the 3-broker cluster run in
 * {@code deploy/fault-run.sh} (docs/RELIABILITY.md). Needs the services' exec jars (built by the package phase of a
 * reactor build: {@code ./mvnw -pl deploy -am verify -Dtest=FaultRunTest}).
 */
class FaultRunTest {
    @TempDir
    Path dir;

    @Test
    void aPoisonRecordDuplicatedRecordsAndAKilledProvisioningServiceLeaveEveryInvariantTrue() throws Exception {
        FaultRun.Settings settings = new FaultRun.Settings(dir, 1, Duration.ofSeconds(10), Duration.ofSeconds(60),
                0.5, Duration.ofSeconds(120));
        try (FaultRun run = new FaultRun(settings)) {
            run.start(80); // inside: processes started before a failure are stopped too
            run.fault("poison");
            run.fault("kill:provisioning-service");
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/fault-run-short.md"), run.table());
            assertThat(run.outcomes()).allSatisfy(outcome -> {
                assertThat(outcome.report().holds()).as(outcome.fault() + "\n" + outcome.report().markdown())
                        .isTrue();
                assertThat(outcome.accepted()).as("requests accepted around " + outcome.fault()).isPositive();
                assertThat(outcome.flowed()).as("requests flowed again after " + outcome.fault()).isTrue();
                assertThat(outcome.unoffered()).as("ticks of " + outcome.fault() + " with nobody left to ask")
                        .isZero();
            });
        }
    }
}
