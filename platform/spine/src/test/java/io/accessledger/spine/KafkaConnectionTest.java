package io.accessledger.spine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

class KafkaConnectionTest {
    private static KafkaProperties saslOverTls() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("kafka-0.kafka:9093", "kafka-1.kafka:9093"));
        kafka.getSecurity().setProtocol("SASL_SSL");
        kafka.getSsl().setTrustStoreType("PKCS12");
        kafka.getProperties().put("sasl.mechanism", "SCRAM-SHA-512");
        kafka.getProperties().put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"request-service\" password=\"s3cret\";");
        return kafka;
    }

    @Test
    void aClusterBehindTlsAndSaslIsReachedWithBootsStandardKafkaSettings() {
        Map<String, Object> producer = KafkaConnection.of(saslOverTls()).with(Map.of("acks", "all"));

        assertThat(producer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .containsEntry("acks", "all");
        assertThat(KafkaConnection.of(saslOverTls()).bootstrapServers())
                .isEqualTo("kafka-0.kafka:9093,kafka-1.kafka:9093");
    }

    @Test
    void aClientsOwnSettingWinsOverTheConnections() {
        KafkaProperties kafka = saslOverTls();
        kafka.setClientId("shared");

        assertThat(KafkaConnection.of(kafka).with(Map.of("client.id", "request-service-outbox")))
                .containsEntry("client.id", "request-service-outbox");
    }

    @Test
    void theConnectionNeverShowsItsSecrets() {
        String shown = KafkaConnection.of(saslOverTls()).toString();

        assertThat(shown).doesNotContain("s3cret").contains("SASL_SSL").contains("[hidden]");
    }
}
