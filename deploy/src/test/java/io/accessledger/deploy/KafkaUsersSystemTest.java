package io.accessledger.deploy;

import static io.accessledger.deploy.DeploymentManifests.at;
import static io.accessledger.deploy.DeploymentManifests.list;
import static io.accessledger.deploy.DeploymentManifests.map;
import static io.accessledger.deploy.DeploymentManifests.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.audit.command.AuditCommand;
import io.accessledger.events.Topic;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five services as their KafkaUsers: a broker with an authenticated listener (SCRAM-SHA-512, as the Kubernetes
 * cluster's {@code tls} listener without its TLS) and Kafka's standard authorizer, its topics made from
 * {@code deploy/k8s/kafka/topics.yaml} (as Strimzi's topic operator makes them; one replica here) and its users and
 * ACLs from {@code users.yaml} (as the user operator makes them), nothing allowed that the file does not grant. Each
 * service connects as its own user with the {@code spring.kafka.*} settings the Deployments give it; a request then
 * walks the whole process (intake, policy, the manager's approval, the fulfilment, the review's schedule), so every
 * service's producer, consumers, topic check and dead-letter path run under those ACLs. A service's user writing
 * another's topic is refused, so the authorizer is on. The auditors' user ({@code accessledger-auditor}) replays the whole
 * log with {@code accessledger-audit --kafka-config}.
 */
class KafkaUsersSystemTest extends SystemTest {
    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static int scramPort;

    @BeforeAll
    static void start() throws Exception {
        scramPort = Ports.stable();
        broker = KraftBroker.onFreePorts().withScramListener(scramPort).start();
        DeploymentManifests manifests = DeploymentManifests.load();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            admin.createTopics(topics(manifests)).all().get(30, TimeUnit.SECONDS);
            List<UserScramCredentialUpsertion> users = new ArrayList<>();
            List<AclBinding> acls = new ArrayList<>();
            for (Map<String, Object> user : kind(manifests, "KafkaUser")) {
                String name = String.valueOf(at(user, "metadata", "name"));
                PASSWORDS.put(name, UUID.randomUUID().toString());
                users.add(new UserScramCredentialUpsertion(name,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PASSWORDS.get(name)));
                acls.addAll(acls(name, user));
            }
            admin.alterUserScramCredentials(new ArrayList<>(users)).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
        suite = new Suite(service -> connection(service.applicationName), null, true);
        journey = new RequestJourney(suite);
        assertThat(journey.importDirectory().status()).isEqualTo(200);
    }

    @AfterAll
    static void releasePort() {
        Ports.release(scramPort);
    }

    /** The {@code spring.kafka.*} settings of a service's Deployment, on the SCRAM listener, as its own user. */
    private static List<String> connection(String user) {
        return List.of("--spring.kafka.bootstrap-servers=" + broker.scramBootstrapServers(),
                "--spring.kafka.security.protocol=SASL_PLAINTEXT",
                "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                "--spring.kafka.properties.sasl.jaas.config=" + jaas(user));
    }

    private static String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + PASSWORDS.get(user) + "\";";
    }

    private static List<Map<String, Object>> kind(DeploymentManifests manifests, String kind) {
        return manifests.k8s.stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    /** The KafkaTopics as the topic operator makes them, on one broker: one replica, one in sync. */
    private static List<NewTopic> topics(DeploymentManifests manifests) {
        return kind(manifests, "KafkaTopic").stream().map(topic -> {
            Map<String, String> config = new HashMap<>();
            map(at(topic, "spec", "config")).forEach((key, value) -> config.put(key, String.valueOf(value)));
            config.put("min.insync.replicas", "1");
            return new NewTopic(String.valueOf(at(topic, "spec", "topicName")),
                    number(at(topic, "spec", "partitions")).intValue(), (short) 1).configs(config);
        }).toList();
    }

    /** A KafkaUser's {@code simple} ACLs as the user operator writes them: allowed, from any host. */
    private static List<AclBinding> acls(String user, Map<String, Object> kafkaUser) {
        List<AclBinding> bindings = new ArrayList<>();
        for (Object entry : list(at(kafkaUser, "spec", "authorization", "acls"))) {
            ResourcePattern resource = new ResourcePattern(
                    ResourceType.valueOf(snake(String.valueOf(at(entry, "resource", "type")))),
                    String.valueOf(at(entry, "resource", "name")),
                    "prefix".equals(at(entry, "resource", "patternType")) ? PatternType.PREFIXED
                            : PatternType.LITERAL);
            for (Object operation : list(map(entry).get("operations"))) {
                bindings.add(new AclBinding(resource, new AccessControlEntry("User:" + user, "*",
                        AclOperation.valueOf(snake(String.valueOf(operation))), AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    /** Strimzi's names ({@code DescribeConfigs}, {@code transactionalId}) as Kafka's enums ({@code DESCRIBE_CONFIGS}). */
    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
    }

    @Test
    void everyServiceRunsTheWholeProcessAsItsOwnKafkaUser() {
        RequestJourney.Person engineer = journey.colleagueLike("E1036");
        assertThat(RequestJourney.timelineTypes(journey.walkToProvisioned(engineer, Runnable::run)))
                .containsSubsequence("RequestSubmitted", "ManagerApproved", "AccessProvisioned", "ReviewScheduled");
    }

    @Test
    void anAuditorReplaysTheWholeLogAsTheReadOnlyAuditorUser(@TempDir Path dir) throws IOException {
        RequestJourney.Person engineer = journey.colleagueLike("E1036");
        String requestId = journey.submit(engineer.token(), Map.of("resourceId", "github", "accessLevel", "write",
                "justification", "Joining the payments team; need to push to the ledger repositories."));
        journey.requestOnceStatus(engineer.token(), requestId, "IN_REVIEW");
        Path config = dir.resolve("auditor.properties");
        Files.writeString(config, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=" + jaas("accessledger-auditor") + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditCommand.run(new String[] {"replay", "--bootstrap-servers", broker.scramBootstrapServers(),
                "--kafka-config", config.toString(), "--out", dir.resolve("out").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readString(dir.resolve("out").resolve("export.jsonl"))).contains(requestId);
    }

    @Test
    void aServicesUserMayNotWriteAnotherServicesTopic() {
        Properties config = new Properties();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.scramBootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", jaas("approval-service"));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topic.POLICY.topicName(), "k", "{}")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }
}
