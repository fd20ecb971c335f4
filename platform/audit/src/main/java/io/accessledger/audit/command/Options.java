package io.accessledger.audit.command;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The command line after the sub-command: {@code --name value} pairs (a name may repeat) and nothing else. Unknown
 * names and missing values are refused with the usage, never guessed.
 */
final class Options {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Options() {
    }

    static Options parse(String[] args, int from, Set<String> known) {
        Options options = new Options();
        for (int i = from; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new UsageException("unknown option " + name + " (known: --" + String.join(", --", known) + ")");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(name + " needs a value");
            }
            options.values.computeIfAbsent(name.substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        return options;
    }

    String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }

    String optional(String name) {
        List<String> all = values.get(name);
        return all == null ? null : all.get(all.size() - 1);
    }

    String optional(String name, String fallback) {
        String value = optional(name);
        return value == null ? fallback : value;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * The Kafka clients' settings: {@code --bootstrap-servers}, over the client properties of the file {@code
     * --kafka-config} names when given (Kafka's own format, as its tools' {@code --command-config}: {@code
     * security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.*} ... to reach an
     * authenticated listener).
     */
    Map<String, Object> kafka() {
        Map<String, Object> settings = new LinkedHashMap<>();
        String file = optional("kafka-config");
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                properties.load(reader);
            } catch (IOException | RuntimeException e) {
                throw new UsageException("--kafka-config " + file + " cannot be read as Kafka client properties ("
                        + e.getMessage() + ")");
            }
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        }
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, required("bootstrap-servers"));
        return settings;
    }

    static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + name + " takes an ISO-8601 instant such as 2026-12-01T00:00:00Z, not "
                    + value);
        }
    }

    /** A mistake on the command line: said in one sentence with the usage, exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
