package io.accessledger.deploy;

import static io.accessledger.deploy.RequestJourney.ENGINEER_ID;
import static io.accessledger.deploy.RequestJourney.IAM;
import static io.accessledger.deploy.RequestJourney.MANAGER;
import static io.accessledger.deploy.RequestJourney.MANAGER_ID;
import static io.accessledger.deploy.RequestJourney.PATIENCE;
import static io.accessledger.deploy.RequestJourney.POLL;
import static io.accessledger.deploy.RequestJourney.entry;
import static io.accessledger.deploy.Suite.Service.PROVISIONING;
import static io.accessledger.deploy.Suite.Service.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.audit.command.AuditCommand;
import io.accessledger.audit.verify.KafkaLogReader;
import io.accessledger.audit.verify.LogRecord;
import io.accessledger.deploy.RequestJourney.Person;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.integrity.ChainHeaders;
import io.accessledger.infra.KraftBroker;
import io.accessledger.review.cleanup.MoverCleanup;
import io.accessledger.review.expiry.ExpiryWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the audit trail is the log itself. The five services on one broker run a joiner, a request approved and
 * one denied, an approval with conditions whose access expires, a mover and a leaver; then the
 * {@code accessledger-audit} command, with nothing but the broker's address, rebuilds the audit read models from the
 * topics alone and answers who held what at three instants and the whole evidence of one grant — twice, byte for
 * byte the same — and {@code verify} finds the log intact. In a copy of the log with one record edited, one deleted
 * and two swapped, {@code verify} names each.
 */
class AuditEvidenceSystemTest extends SystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKDAY = "dev-workday-signing-secret";
    @TempDir
    static Path work;

    @BeforeAll
    static void startSuite() {
        startSuite(work.resolve("keys"));
    }

    @Test
    void theAuditReadModelsRebuiltFromTheLogAloneAnswerWhoHadAccessWhenAndVerifyNamesEveryTampering()
            throws IOException {
        Instant beforeAnything = Instant.now();
        // A joiner (a Workday hire): the organisation-wide birthright, approved by the policy, fulfilled by IAM.
        String joiner = RequestJourney.freshEmployeeId();
        hire(joiner);
        List<String> birthright = await().atMost(PATIENCE).pollInterval(POLL).until(() -> requestsOf(joiner),
                requests -> requests.size() == 3);
        birthright.forEach(requestId -> fulfil(requestId, "JOINER-" + requestId));
        // A request the manager approves (github:write), for the engineer who will move.
        Person mover = journey.colleagueLike(ENGINEER_ID);
        String moverRequest = journey.walkToProvisioned(mover, Runnable::run).path("requestId").asText();
        // A request the manager denies, and one approved with conditions that expires.
        Person engineer = journey.colleagueLike(ENGINEER_ID);
        String denied = journey.submit(engineer.token(), Map.of("resourceId", "salesforce", "accessLevel", "read",
                "justification", "Reading the payments customers' contracts for the quarter."));
        assertThat(journey.decide(MANAGER, journey.openTaskFor(MANAGER, denied).path("taskId").asText(), Map.of(
                "outcome", "DENY", "reason", "Sales shares the contracts on request")).status()).isEqualTo(200);
        journey.requestOnceStatus(engineer.token(), denied, "DENIED");
        String conditional = journey.submit(engineer.token(), Map.of("resourceId", "aws-dev", "accessLevel",
                "deploy", "justification", "Deploying the payments hotfix to staging this once."));
        assertThat(journey.decide(MANAGER, journey.openTaskFor(MANAGER, conditional).path("taskId").asText(), Map.of(
                "outcome", "APPROVE_WITH_CONDITIONS", "reason", "For the hotfix only", "conditions",
                Map.of("accessDuration", "PT4S", "mfaRequired", true))).status()).isEqualTo(200);
        fulfil(conditional, "AWS-77");
        JsonNode provisioned = journey.requestOnceStatus(engineer.token(), conditional, "PROVISIONED");
        String conditionalGrant = provisioned.path("grantId").asText();
        Instant whileEveryoneHeld = Instant.now();

        // The expiry, the move and the leaver take it all away again.
        ExpiryWatch watch = suite.bean(Suite.Service.REVIEW, ExpiryWatch.class);
        JsonNode expiry = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            watch.watch();
            return revokeTaskOf(conditional);
        }, task -> task != null);
        assertThat(journey.completeFulfilment(expiry.path("taskId").asText(), "Role removed").status()).isEqualTo(200);
        journey.requestOnceStatus(engineer.token(), conditional, "EXPIRED");
        // A transfer an HR system reports (Standard Webhooks), effective tomorrow.
        assertThat(hrisWebhook("move-" + mover.id(), """
                {"type":"worker.transferred","timestamp":"%s","data":{"workerId":"%s","department":"Data",
                 "jobTitle":"Data Analyst","effectiveDate":"%s"}}""".formatted(Instant.now(), mover.id(),
                LocalDate.now(ZoneOffset.UTC).plusDays(1))).status()).isBetween(200, 202);
        // The move takes effect tomorrow: what was asked for before it and lies outside the new profile goes then.
        suite.reviewClock.advance(Duration.ofDays(1));
        MoverCleanup movers = suite.bean(Suite.Service.REVIEW, MoverCleanup.class);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            movers.sweep();
            return revokeTaskOf(moverRequest);
        }, task -> task != null);
        completeRevocation(moverRequest);
        journey.requestOnceStatus(IAM, moverRequest, "REVOKED");
        assertThat(Api.postBodySigned(suite.url(REQUEST) + "/webhooks/workday", WORKDAY, """
                {"eventId":"wd-leave-%1$s","businessProcess":"Termination","reason":"Terminate Employee > Voluntary",
                 "effectiveDate":"%2$s","worker":{"workerId":"%1$s"}}""".formatted(joiner, today()))
                .status()).isBetween(200, 202);
        birthright.forEach(AuditEvidenceSystemTest::completeRevocation);
        birthright.forEach(requestId -> journey.requestOnceStatus(IAM, requestId, "REVOKED"));
        Instant afterEverything = Instant.now();
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true); // a signed checkpoint covers the last events

        // Rebuilt from the topics alone, twice: the same answers, byte for byte.
        Path first = work.resolve("replay-1");
        Path second = work.resolve("replay-2");
        for (Path out : List.of(first, second)) {
            Run replay = audit("replay", "--bootstrap-servers", broker.bootstrapServers(), "--out", out.toString(),
                    "--as-of", beforeAnything.toString(), "--as-of", whileEveryoneHeld.toString(),
                    "--as-of", afterEverything.toString(), "--evidence", conditionalGrant);
            assertThat(replay.exit()).as(replay.output()).isZero();
            assertThat(replay.output()).contains(Topic.PROVISIONING.topicName(), "applied");
        }
        for (Path file : Files.list(first).sorted().toList()) {
            assertThat(Files.readAllBytes(second.resolve(file.getFileName()))).as(file.getFileName().toString())
                    .isEqualTo(Files.readAllBytes(file));
        }

        // Who held what, at three instants.
        assertThat(held(first, beforeAnything, joiner, mover.id(), engineer.id())).isEmpty();
        assertThat(held(first, whileEveryoneHeld, joiner, mover.id(), engineer.id())).containsExactlyInAnyOrder(
                joiner + " confluence:read", joiner + " slack-workspace:member", joiner + " vpn:user",
                mover.id() + " github:write", engineer.id() + " aws-dev:deploy");
        assertThat(held(first, afterEverything, joiner, mover.id(), engineer.id())).isEmpty();

        // Replayed only up to the moment everyone held their access: the log as it stood then.
        Path then = work.resolve("replay-until");
        Run untilThen = audit("replay", "--bootstrap-servers", broker.bootstrapServers(), "--out", then.toString(),
                "--until", whileEveryoneHeld.toString(), "--as-of", afterEverything.toString());
        assertThat(untilThen.exit()).as(untilThen.output()).isZero();
        assertThat(untilThen.output()).doesNotContain("after --until 0,");
        assertThat(held(then, afterEverything, joiner, mover.id(), engineer.id()))
                .isEqualTo(held(first, whileEveryoneHeld, joiner, mover.id(), engineer.id()));

        // The whole evidence of the grant approved with conditions.
        JsonNode evidence = JSON.readTree(first.resolve("evidence-" + conditionalGrant + ".json").toFile());
        List<String> steps = new ArrayList<>();
        evidence.path("steps").forEach(step -> steps.add(step.path("type").asText()));
        // The manager's decision and the case's approval happen at the same instant: either may come first.
        assertThat(steps).containsSubsequence("RequestSubmitted", "PolicyEvaluated", "ApprovalTaskOpened",
                "AccessApproved", "AccessProvisioned", "ReviewScheduled", "AccessRevocationRequested", "AccessExpired")
                .containsSubsequence("ApprovalTaskOpened", "ManagerApproved", "AccessProvisioned");
        JsonNode approval = step(evidence, "ManagerApproved");
        assertThat(approval.path("actorId").asText()).isEqualTo(MANAGER_ID);
        assertThat(approval.path("reason").asText()).isEqualTo("For the hotfix only");
        assertThat(step(evidence, "AccessApproved").path("details").toString()).contains("PT4S");
        assertThat(step(evidence, "AccessProvisioned").path("details").toString()).contains("AWS-77");
        assertThat(step(evidence, "RequestSubmitted").path("details").toString())
                .contains("Deploying the payments hotfix");
        assertThat(step(evidence, "AccessRevocationRequested").path("details").toString()).contains("EXPIRED");
        // The leaver's removal is in the joiner/mover/leaver samples with its time to revoke.
        JsonNode lifecycle = JSON.readTree(first.resolve("joiners-movers-leavers.json").toFile());
        assertThat(lifecycle.toString()).contains("\"LEAVER\"", "\"JOINER\"", "\"MOVER\"", joiner);

        Path keys = work.resolve("keys");
        Run intact = audit("verify", "--bootstrap-servers", broker.bootstrapServers(), "--keys", keys.toString());
        assertThat(intact.exit()).as(intact.output()).isZero();

        // A copy of the log with one record edited, one deleted and two swapped: verify names each.
        List<LogRecord> log = new ArrayList<>();
        KafkaLogReader.of(broker.bootstrapServers()).forEach(log::add);
        // The identity topic holds the most events (the demo directory): its busiest partition has plenty to spoil.
        List<LogRecord> identities = log.stream().filter(r -> r.topic().equals(Topic.IDENTITY.topicName())
                && r.partition() == busiestPartition(log, Topic.IDENTITY.topicName())).toList();
        assertThat(identities).hasSizeGreaterThan(8);
        LogRecord edited = identities.get(1);
        LogRecord deleted = identities.get(3);
        LogRecord swappedFirst = identities.get(5);
        LogRecord swappedSecond = identities.get(6);
        List<LogRecord> tampered = new ArrayList<>(log);
        tampered.set(tampered.indexOf(edited), new LogRecord(edited.topic(), edited.partition(), edited.offset(),
                edited.key(), edited.headers(), new String(edited.value(), StandardCharsets.UTF_8)
                        .replaceFirst("\"occurredAt\"", "\"note\":\"nothing to see\",\"occurredAt\"")
                        .getBytes(StandardCharsets.UTF_8)));
        tampered.remove(deleted);
        Collections.swap(tampered, tampered.indexOf(swappedFirst), tampered.indexOf(swappedSecond));
        try (KraftBroker copy = KraftBroker.onFreePorts().start()) {
            write(tampered, copy.bootstrapServers(), partitionCounts(broker.bootstrapServers(),
                    log.stream().map(LogRecord::topic).collect(Collectors.toSet())));
            Run verdict = audit("verify", "--bootstrap-servers", copy.bootstrapServers(), "--keys", keys.toString());
            assertThat(verdict.exit()).as(verdict.output()).isEqualTo(1);
            // A deleted event is gone with its id: it is named by its place (its index) and the events around it.
            assertThat(verdict.output()).contains("EDITED", "DELETED", "REORDERED", id(edited), id(swappedFirst),
                    id(swappedSecond), "index " + deleted.header(ChainHeaders.INDEX) + " is missing");
        }
    }

    /** The command as an auditor runs it, its output kept. */
    record Run(int exit, String output) {
    }

    private static Run audit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = AuditCommand.run(args, print, print);
        String output = out.toString(StandardCharsets.UTF_8);
        System.out.println("$ accessledger-audit " + String.join(" ", args) + "\n" + output + "(exit " + exit + ")");
        return new Run(exit, output);
    }

    /** "employee entitlement" of the given people in the replay's answer for that instant. */
    private static Set<String> held(Path replay, Instant asOf, String... people) throws IOException {
        Set<String> of = Set.of(people);
        Set<String> held = new TreeSet<>();
        for (JsonNode holding : JSON.readTree(replay.resolve("access-as-of-" + asOf.toString()
                .replaceAll("[^A-Za-z0-9.-]", "-") + ".json").toFile())) {
            if (of.contains(holding.path("employeeId").asText())) {
                held.add(holding.path("employeeId").asText() + " " + holding.path("entitlement").asText());
            }
        }
        return held;
    }

    private static JsonNode step(JsonNode evidence, String type) {
        for (JsonNode step : evidence.path("steps")) {
            if (step.path("type").asText().equals(type)) {
                return step;
            }
        }
        throw new AssertionError("no " + type + " in " + evidence.toPrettyString());
    }

    private static void hire(String employeeId) {
        assertThat(Api.postBodySigned(suite.url(REQUEST) + "/webhooks/workday", WORKDAY, """
                {"eventId":"wd-hire-%1$s","businessProcess":"Hire","effectiveDate":"%2$s",
                 "worker":{"workerId":"%1$s","workerType":"Employee","legalName":{"firstName":"Ada","lastName":"Quill"},
                 "workEmail":"ada.quill.%3$s@example.com","position":{"businessTitle":"Trainee",
                 "supervisoryOrganization":"Engineering","managerWorkerId":"%4$s"}}}"""
                .formatted(employeeId, today(), employeeId.toLowerCase(), MANAGER_ID)).status()).isBetween(200, 202);
    }

    /** A generic HRIS delivery signed per Standard Webhooks with the local run's documented secret. */
    private static Api.Response hrisWebhook(String id, String body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("accessledger-dev-hris-webhook-secret"
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = java.util.Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "."
                    + body).getBytes(StandardCharsets.UTF_8)));
            return Api.postSigned(suite.url(REQUEST) + "/webhooks/hris", body, Map.of("webhook-id", id,
                    "webhook-timestamp", timestamp, "webhook-signature", "v1," + signature));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> requestsOf(String employeeId) {
        List<String> ids = new ArrayList<>();
        Api.get(suite.url(REQUEST) + "/api/v1/access-requests?beneficiaryId=" + employeeId, IAM).body()
                .path("items").forEach(request -> ids.add(request.path("requestId").asText()));
        return ids;
    }

    private static void fulfil(String requestId, String reference) {
        JsonNode task = journey.fulfilmentTaskFor(requestId);
        assertThat(journey.completeFulfilment(task.path("taskId").asText(), reference).status()).isEqualTo(200);
    }

    private static JsonNode revokeTaskOf(String requestId) {
        for (JsonNode task : Api.get(suite.url(PROVISIONING) + "/api/v1/fulfilment-tasks", IAM).body()) {
            if (task.path("action").asText().equals("REVOKE") && task.path("requestId").asText().equals(requestId)
                    && task.path("status").asText("OPEN").equals("OPEN")) {
                return task;
            }
        }
        return null;
    }

    private static void completeRevocation(String requestId) {
        JsonNode task = await().atMost(PATIENCE).pollInterval(POLL).until(() -> revokeTaskOf(requestId),
                found -> found != null);
        assertThat(journey.completeFulfilment(task.path("taskId").asText(), "Removed").status()).isEqualTo(200);
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    private static String id(LogRecord record) {
        return record.header(CloudEventHeaders.ID);
    }

    private static int busiestPartition(List<LogRecord> log, String topic) {
        return log.stream().filter(r -> r.topic().equals(topic))
                .collect(Collectors.groupingBy(LogRecord::partition, Collectors.counting())).entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** How many partitions each topic has on the broker. */
    private static Map<String, Integer> partitionCounts(String bootstrapServers, Set<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<String, Integer> counts = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get()
                    .forEach((name, description) -> counts.put(name, description.partitions().size()));
            return counts;
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the topics", e);
        }
    }

    /** The records, in this order, to another broker's topics of the same partitions: a copy of the log. */
    private static void write(List<LogRecord> log, String bootstrapServers, Map<String, Integer> partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(partitions.entrySet().stream().map(t -> new NewTopic(t.getKey(),
                    t.getValue(), (short) 1)).toList()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the copy's topics", e);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1))) {
            for (LogRecord record : log) {
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), record.partition(),
                        record.key(), record.value());
                record.headers().forEach((name, value) -> copy.headers().add(name,
                        value.getBytes(StandardCharsets.UTF_8)));
                producer.send(copy);
            }
            producer.flush();
        }
    }
}
