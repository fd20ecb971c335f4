package io.accessledger.deploy;

import static io.accessledger.deploy.RequestJourney.timelineTypes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same journey against a Kafka container, where a Docker engine exists; skipped cleanly where none does. */
@Testcontainers(disabledWithoutDocker = true)
class EndToEndOnTestcontainersKafkaTest {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @Test
    void aRequestReachesProvisionedOnAContainerisedBroker() {
        try (Suite suite = new Suite(KAFKA.getBootstrapServers())) {
            RequestJourney journey = new RequestJourney(suite);
            assertThat(journey.importDirectory().status()).isEqualTo(200);
            JsonNode provisioned = journey.walkToProvisioned(journey.colleagueLike(RequestJourney.ENGINEER_ID),
                    Runnable::run);
            assertThat(provisioned.path("status").asText()).isEqualTo("PROVISIONED");
            assertThat(timelineTypes(provisioned)).contains("ManagerApproved", "AccessProvisioned");
        }
    }
}
