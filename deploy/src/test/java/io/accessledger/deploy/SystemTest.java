package io.accessledger.deploy;

import static io.accessledger.deploy.RequestJourney.ADMIN;
import static io.accessledger.deploy.RequestJourney.MANAGER_ID;
import static io.accessledger.deploy.Suite.Service.POLICY;
import static io.accessledger.deploy.Suite.Service.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.infra.KraftBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;

/**
 * A system test class's suite: the five services on their own in-JVM KRaft broker, started once for the class (from
 * its {@code @BeforeAll}, through {@link #startSuite(Path)}) with the demo directory imported, and stopped after it;
 * and what several system tests do with it: hire through Workday, point the birthright resources at the SCIM server,
 * read an event off a topic.
 */
abstract class SystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKDAY = "dev-workday-signing-secret";
    static final Path DEMO_POLICY = Path.of("../policy-service/src/main/resources/policy/demo-policy.yaml");
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

    /** A Workday hire into Engineering, reporting to the engineering manager, on today's date. */
    static void hire(String employeeId, String email) {
        assertThat(Api.postBodySigned(suite.url(REQUEST) + "/webhooks/workday", WORKDAY, """
                {"eventId":"wd-hire-%1$s","businessProcess":"Hire","effectiveDate":"%2$s",
                 "worker":{"workerId":"%1$s","workerType":"Employee","legalName":{"firstName":"Ada","lastName":"Quill"},
                 "workEmail":"%3$s","position":{"businessTitle":"Trainee",
                 "supervisoryOrganization":"Engineering","managerWorkerId":"%4$s"}}}"""
                .formatted(employeeId, LocalDate.now(ZoneOffset.UTC), email, MANAGER_ID)).status())
                .isBetween(200, 202);
    }

    /** A policy version that points the birthright resources at the SCIM server's targets. */
    static void publishPolicyOnScimTargets() {
        try {
            String onScim = Files.readString(DEMO_POLICY)
                    .replace("{id: confluence, name: Confluence wiki, target: okta-scim",
                            "{id: confluence, name: Confluence wiki, target: saas-scim")
                    .replace("{id: slack-workspace, name: Slack workspace, target: okta-scim",
                            "{id: slack-workspace, name: Slack workspace, target: saas-scim")
                    .replace("{id: vpn, name: Corporate VPN, target: entra-scim",
                            "{id: vpn, name: Corporate VPN, target: vpn-scim");
            assertThat(onScim).contains("target: saas-scim", "target: vpn-scim");
            assertThat(Api.put(suite.url(POLICY) + "/api/v1/policy", ADMIN, "application/yaml", onScim).status())
                    .isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the demo policy back in force (as a new version) after a scenario published another. */
    static void republishDemoPolicy() {
        try {
            assertThat(Api.put(suite.url(POLICY) + "/api/v1/policy", ADMIN, "application/yaml",
                    Files.readString(DEMO_POLICY)).status()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first event of the {@code ce_type} on the topic whose field has the value, or null. */
    static JsonNode event(Topic topic, String ceType, String field, String value) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic.topicName()).forEach(info -> partitions.add(
                    new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 15_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader(CloudEventHeaders.TYPE);
                    if (header != null && ceType.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                        JsonNode body = JSON.readTree(record.value());
                        if (value.equals(body.path(field).asText())) {
                            return body;
                        }
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value object's text, whether it is written as a string or as {@code {value}}. */
    static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.path("value").asText();
    }
}
