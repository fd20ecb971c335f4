package io.accessledger.request.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.request.directory.Employee;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The whole service, as it runs: a real (in-JVM KRaft) broker and its own PostgreSQL. A person is hired, moved and
 * terminated through the directory aggregate; the identity events go out through the outbox and come back to the
 * joiner/mover/leaver consumer, whose requests come back to the timeline.
 */
class JoinerMoverLeaverServiceTest {
    private static final EventCodec CODEC = new EventCodec();
    private static final EmployeeId JOINER = EmployeeId.of("E2001");
    private static KraftBroker broker;
    private static ConfigurableApplicationContext service;
    private static KafkaProducer<String, byte[]> producer;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startService() throws Exception {
        broker = KraftBroker.onFreePorts().start();
        service = RequestServiceApplication.application().run(
                "--spring.profiles.active=local",
                "--server.port=0",
                "--spring.datasource.url=" + LocalPostgres.freshDatabaseUrl("request_lifecycle"),
                "--spring.datasource.username=postgres",
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.kafka.admin.operation-timeout=5s",
                "--accessledger.spine.retry-backoff=200ms",
                "--logging.level.org.apache.kafka=ERROR",
                "--logging.level.org.axonframework=WARN");
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        jdbc = service.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stopService() {
        if (producer != null) {
            producer.close();
        }
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aJoinerGetsTheStandardProfileAMoverTheNewItemsAndALeaversRequestsAreWithdrawn() throws Exception {
        publish(new PolicyPublished(EventId.of(UUID.randomUUID().toString()), "3", EmployeeId.of("E1041"), List.of(),
                EventJson.mapper().writeValueAsString(LifecycleRulesTest.POLICY),
                Instant.parse("2026-01-01T00:00:00Z")), "policy-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from catalog_policy", Integer.class) == 1);
        CommandGateway commands = service.getBean(CommandGateway.class);
        EmployeeProfile engineer = LifecycleRulesTest.engineer();

        // Hired: every item of the position's standard profile is asked for by the system, out of profile never.
        EventId hireId = EventId.of(UUID.randomUUID().toString());
        commands.sendAndWait(new Employee.RecordEmployee(JOINER, engineer, LocalDate.parse("2026-03-02"), "workday",
                hireId, Instant.parse("2026-03-01T09:00:00Z")));
        await().atMost(Duration.ofSeconds(60)).until(() -> requests("HRIS_JOINER").size() == 4);
        assertThat(requests("HRIS_JOINER")).extracting(row -> row.get("resource_id") + ":" + row.get("access_level"))
                .containsExactlyInAnyOrder("confluence:read", "vpn:user", "github:write", "jira:edit");
        assertThat(requests("HRIS_JOINER")).allSatisfy(row -> {
            assertThat(row.get("requester_id")).isEqualTo("accessledger-hris");
            assertThat(row.get("exceeds_standard_profile")).isEqualTo(false);
            assertThat((String) row.get("justification")).startsWith("Birthright access of the ")
                    .endsWith(" profile for Software Engineer, Engineering; hired 2026-03-02");
        });

        // The same hire handled again past the spine's dedupe (a replay from a new consumer group): nothing twice.
        EmployeeHired hired = new EmployeeHired(hireId, JOINER, engineer, LocalDate.parse("2026-03-02"), "workday",
                Instant.parse("2026-03-01T09:00:00Z"));
        service.getBean(TransactionTemplate.class).executeWithoutResult(status -> service
                .getBean(LifecycleRequests.class).handle(hired, Envelope.of(hired, "request-service",
                        hired.subject(), null, null)));
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where payloadtype = ?", Integer.class,
                "io.accessledger.events.request.RequestSubmitted")).isEqualTo(4);

        // Moved to Marketing: only what the new position brings and the person lacks (the organisation-wide items
        // are in flight already).
        EmployeeProfile marketer = new EmployeeProfile(JOINER, engineer.name(), engineer.email(), "Marketing",
                "Campaign Manager", EmployeeId.of("E1007"), EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null,
                null, true);
        commands.sendAndWait(new Employee.RecordEmployee(JOINER, marketer, LocalDate.parse("2026-04-01"), "workday",
                EventId.of(UUID.randomUUID().toString()), Instant.parse("2026-04-01T08:00:00Z")));
        await().atMost(Duration.ofSeconds(60)).until(() -> requests("HRIS_MOVER").size() == 1);
        Map<String, Object> moverRequest = requests("HRIS_MOVER").get(0);
        assertThat(moverRequest.get("resource_id") + ":" + moverRequest.get("access_level")).isEqualTo("hubspot:edit");
        assertThat(moverRequest.get("justification")).isEqualTo("Standard access of the Marketing profile for"
                + " Campaign Manager, Marketing; moved from Software Engineer, Engineering on 2026-04-01");

        // Terminated: every undecided request is withdrawn by the system, reason LEAVER.
        EmployeeProfile left = new EmployeeProfile(JOINER, engineer.name(), engineer.email(), "Marketing",
                "Campaign Manager", EmployeeId.of("E1007"), EmploymentType.EMPLOYEE, EmploymentStatus.TERMINATED, null,
                null, true);
        commands.sendAndWait(new Employee.RecordEmployee(JOINER, left, LocalDate.parse("2026-05-15"), "workday",
                EventId.of(UUID.randomUUID().toString()), Instant.parse("2026-05-15T17:00:00Z")));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from request_view where beneficiary_id = ? and status = 'WITHDRAWN'", Integer.class,
                JOINER.value()) == 5);
        assertThat(jdbc.queryForList("select reason from request_timeline where type = 'RequestWithdrawn'",
                String.class)).hasSize(5).allSatisfy(reason -> assertThat(reason)
                        .isEqualTo("LEAVER: the beneficiary left the organisation on 2026-05-15"));
    }

    private static List<Map<String, Object>> requests(String source) {
        return jdbc.queryForList("select * from request_view where beneficiary_id = ? and source = ?",
                JOINER.value(), source);
    }

    private static void publish(DomainEvent event, String service) throws Exception {
        Envelope envelope = Envelope.of(event, service, event.subject(), null, null);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventCatalog.of(event).topic().topicName(),
                event.subject(), CODEC.encode(event));
        envelope.toHeaders().forEach((name, value) -> record.headers().add(name,
                value.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
    }
}
