package io.accessledger.provisioning.connectors;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.provisioning.ProvisioningServiceApplication;
import io.accessledger.spine.testing.RunningService;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** The service refuses to start on a target it could not provision on, naming the key and the fix. */
class TargetsStartupServiceTest {
    @Test
    void theServiceDoesNotStartWithATargetThatLacksItsCredentialAndSaysWhichKey() {
        assertThatThrownBy(() -> RunningService.start(ProvisioningServiceApplication.application(),
                "provisioning_invalid_targets",
                "--accessledger.notifications.enabled=false",
                "--accessledger.provisioning.targets.wiki.type=scim",
                "--accessledger.provisioning.targets.wiki.base-url=https://wiki.example.com/scim/v2",
                "--accessledger.provisioning.targets.wiki.groups[0].entitlement=wiki:edit",
                "--accessledger.provisioning.targets.wiki.groups[0].group=wiki-editors").close())
                .rootCause().isInstanceOf(InvalidTargets.class)
                .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING)
                .contains("accessledger.provisioning.targets.wiki.token: is missing; a target of type scim needs it")
                .contains("Fix: set token:")
                .doesNotContain("wiki.groups"); // the indexed list form, as arguments, binds
    }
}
