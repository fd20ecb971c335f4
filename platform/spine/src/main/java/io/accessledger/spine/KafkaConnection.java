package io.accessledger.spine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * How every Kafka client of the spine reaches the cluster — the outbox's producer, the inbound consumers, the
 * dead-letter reader, read-model rebuilds and topic creation: the bootstrap servers and the connection settings of
 * Spring Boot's standard Kafka properties ({@code spring.kafka.bootstrap-servers}, {@code spring.kafka.security.protocol},
 * {@code spring.kafka.ssl.*} key and trust stores, and any client property under {@code spring.kafka.properties.*},
 * such as {@code sasl.mechanism} and {@code sasl.jaas.config}). Each client adds its own settings on top
 * ({@link #with}); the connection's are the same for all, so a cluster that needs TLS or SASL is reached by all of
 * them or by none.
 */
public final class KafkaConnection {
    private final Map<String, Object> settings;

    private KafkaConnection(Map<String, Object> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** The connection Spring Boot's {@code spring.kafka.*} properties describe (the admin client's view of them). */
    public static KafkaConnection of(KafkaProperties properties) {
        return new KafkaConnection(properties.buildAdminProperties());
    }

    /** Only bootstrap servers: a plaintext cluster without authentication (tests, the local run). */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A client's configuration: the connection's settings, then the client's own (which win). */
    public Map<String, Object> with(Map<String, Object> clientSettings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.putAll(clientSettings);
        return config;
    }

    /** The bootstrap servers, for messages. */
    public String bootstrapServers() {
        Object servers = settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return servers instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(servers);
    }

    /** The connection's settings, secrets masked: what {@code toString} and logs may show. */
    @Override
    public String toString() {
        Map<String, Object> shown = new HashMap<>();
        settings.forEach((key, value) -> shown.put(key, key.contains("password") || key.contains("jaas")
                || key.contains("secret") || key.endsWith(".key") ? "[hidden]" : value));
        return "KafkaConnection" + shown;
    }
}
