package io.accessledger.spine.architecture;

import org.junit.jupiter.api.Test;

class SpineTestFixturesTest {
    @Test
    void springTestsLeaveTheirBrokerToBrokerAfterApplication() {
        TestFixtures.springTestsLeaveTheirBrokerToBrokerAfterApplication.check(TestFixtures.testClassesOf("io.accessledger.spine"));
    }
}
