package io.accessledger.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policy.document.PolicyVersionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The version in force is compiled once per version, and again when a new one is published. */
class PolicyInForceTest {
    /** The store's answer, set by the test (no database). */
    private static final class Versions extends PolicyVersionStore {
        private PolicyVersionStore.PublishedVersion active;

        Versions() {
            super(null);
        }

        @Override
        public Optional<PublishedVersion> active() {
            return Optional.ofNullable(active);
        }

        void publish(String version) {
            PolicyDocument document = EventJson.read("{\"version\":\"" + version + "\",\"resources\":[{\"id\":\"wiki\","
                    + "\"name\":\"Team wiki\",\"target\":\"confluence\",\"sensitivity\":\"LOW\","
                    + "\"levels\":[{\"name\":\"read\",\"privileged\":false}]}]}", PolicyDocument.class);
            active = new PublishedVersion(version, document, Instant.parse("2026-11-02T09:15:30Z"), null, List.of());
        }
    }

    private final Versions versions = new Versions();
    private final PolicyInForce policy = new PolicyInForce(versions);

    @Test
    void nothingIsInForceBeforeTheFirstPublication() {
        assertThat(policy.compiled()).isEmpty();
    }

    @Test
    void theVersionInForceIsCompiledOnceUntilANewOneIsPublished() {
        versions.publish("1");
        CompiledPolicy first = policy.compiled().orElseThrow();

        assertThat(policy.compiled()).containsSame(first);
        assertThat(first.version()).isEqualTo("1");
        assertThat(first.resource("wiki")).isPresent();

        versions.publish("2");
        assertThat(policy.compiled()).hasValueSatisfying(next -> {
            assertThat(next).isNotSameAs(first);
            assertThat(next.version()).isEqualTo("2");
        });
    }
}
