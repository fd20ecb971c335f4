package io.accessledger.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.integrity.AuditKeys;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.it.SpineTestApp;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A clean shutdown signs what was published since the last checkpoint, so a stopped service leaves no tail open. */
class CheckpointAtShutdownTest {

    @Test
    void aServiceStoppingCleanlyCheckpointsEverythingItPublished() {
        KeyPair keys = AuditKeys.generate();
        try (KraftBroker broker = KraftBroker.onFreePorts().start()) {
            ConfigurableApplicationContext service = new SpringApplicationBuilder(SpineTestApp.class).properties(
                    "spring.application.name=request-service",
                    "axon.axonserver.enabled=false",
                    "spring.main.web-application-type=none",
                    "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "spring.datasource.url=" + LocalPostgres.freshDatabaseUrl("shutdown"),
                    "spring.datasource.username=postgres",
                    "accessledger.audit.signing-key=" + AuditKeys.encode(keys.getPrivate()),
                    "accessledger.audit.checkpoint-every=1h").run();
            RequestId request = RequestId.of("R-" + UUID.randomUUID());
            Instant at = Instant.parse("2026-11-02T09:00:00Z");
            CommandGateway commands = service.getBean(CommandGateway.class);
            commands.sendAndWait(new SpineTestApp.Submit(request, EventId.of(UUID.randomUUID().toString()), 0, at));
            commands.sendAndWait(new SpineTestApp.Revise(request, EventId.of(UUID.randomUUID().toString()), 1, at));
            KafkaLogReader reader = KafkaLogReader.of(broker.bootstrapServers());
            await().atMost(Duration.ofSeconds(60)).until(() -> read(reader).stream()
                    .filter(r -> r.topic().equals(Topic.REQUEST.topicName())).count() == 2);
            assertThat(read(reader)).noneMatch(r -> r.topic().equals(Topic.AUDIT.topicName()));

            service.close();

            VerificationReport report = new LogVerifier(Map.of("request-service", keys.getPublic())).verify(reader);
            assertThat(report.ok()).as(report.render()).isTrue();
            assertThat(report.topics().get(Topic.REQUEST.topicName()).covered()).isEqualTo(2);
            assertThat(report.findingsOf(Finding.Kind.NOT_YET_COVERED)).isEmpty();
        }
    }

    private static List<LogRecord> read(KafkaLogReader reader) {
        List<LogRecord> records = new ArrayList<>();
        reader.forEach(records::add);
        return records;
    }
}
