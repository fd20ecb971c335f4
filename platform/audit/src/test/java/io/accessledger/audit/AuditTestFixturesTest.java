package io.accessledger.audit;

import io.accessledger.spine.architecture.TestFixtures;
import org.junit.jupiter.api.Test;

class AuditTestFixturesTest {
    @Test
    void springTestsLeaveTheirBrokerToBrokerAfterApplication() {
        TestFixtures.springTestsLeaveTheirBrokerToBrokerAfterApplication
                .check(TestFixtures.testClassesOf("io.accessledger.audit"));
    }
}
