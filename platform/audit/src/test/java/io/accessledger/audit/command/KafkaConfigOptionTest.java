package io.accessledger.audit.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --kafka-config}: the Kafka client properties an authenticated listener needs, for replay and verify. */
class KafkaConfigOptionTest {

    @Test
    void aKafkaConfigFilesClientPropertiesComeWithTheBootstrapServers(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("auditor.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="a" password="p";
                bootstrap.servers=ignored:9092
                """);
        Options options = Options.parse(new String[] {"verify", "--bootstrap-servers", "kafka:9093", "--kafka-config",
                file.toString()}, 1, java.util.Set.of("bootstrap-servers", "kafka-config"));
        assertThat(options.kafka()).containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"a\" password=\"p\";").hasSize(4);
    }

    @Test
    void withoutAKafkaConfigOnlyTheBootstrapServersAreSet() {
        Options options = Options.parse(new String[] {"verify", "--bootstrap-servers", "kafka:9092"}, 1,
                java.util.Set.of("bootstrap-servers", "kafka-config"));
        assertThat(options.kafka()).containsExactly(java.util.Map.entry("bootstrap.servers", "kafka:9092"));
    }

    @Test
    void aKafkaConfigThatCannotBeReadIsAMistakeOnTheCommandLine(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditCommand.run(new String[] {"verify", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config",
                dir.resolve("missing.properties").toString(), "--keys", dir.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--kafka-config " + dir.resolve("missing.properties")
                + " cannot be read as Kafka client properties").contains("usage:");
    }
}
