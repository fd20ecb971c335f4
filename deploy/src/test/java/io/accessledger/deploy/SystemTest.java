package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.infra.KraftBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * A system test class's suite: the five services on their own in-JVM KRaft broker, started once for the class (from
 * its {@code @BeforeAll}, through {@link #startSuite(Path)}) with the demo directory imported, and stopped after it.
 */
abstract class SystemTest {
    static KraftBroker broker;
    static Suite suite;
    static RequestJourney journey;

    /** @param auditKeys as {@link Suite#Suite(String, Path)}: {@code null} for no checkpoint keys */
    static void startSuite(Path auditKeys) {
        broker = KraftBroker.onFreePorts().start();
        suite = new Suite(broker.bootstrapServers(), auditKeys);
        journey = new RequestJourney(suite);
        assertThat(journey.importDirectory().status()).isEqualTo(200);
    }

    @AfterAll
    static void stopSuite() {
        if (suite != null) {
            suite.close();
            suite = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
