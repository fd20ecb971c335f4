package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The operator-facing files in {@code deploy/observability} only name metrics the services really export: every
 * metric in an alert rule or a dashboard panel is registered somewhere in the services' main sources (Micrometer
 * name with dots turned into underscores, plus {@code _total} for counters), or is a Kafka client metric bound by the
 * spine's {@code MicrometerConsumerListener}. Alert rules carry a {@code for}, a severity and annotations.
 */
class ObservabilityConfigTest {
    private static final Path ROOT = Path.of("..");
    private static final Path OBSERVABILITY = Path.of("observability");
    private static final Pattern METRIC = Pattern.compile("\\b((?:accessledger|kafka)_[a-z0-9_]+)");
    private static final Pattern MICROMETER_NAME = Pattern.compile("\"(accessledger\\.[a-z0-9_.]+)\"");
    /** A timer: Prometheus has its {@code _seconds_count}, {@code _sum}, {@code _max} and {@code _bucket} series. */
    private static final Pattern MICROMETER_TIMER = Pattern.compile("Timer\\.builder\\(\"(accessledger\\.[a-z0-9_.]+)\"");
    private static final Set<String> KAFKA_CLIENT_METRICS = Set.of("kafka_consumer_fetch_manager_records_lag_max");

    @Test
    void alertRulesHaveADurationASeverityAndAnnotations() throws IOException {
        List<Map<String, Object>> rules = alertRules();
        assertThat(rules).isNotEmpty();
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
            assertThat(String.valueOf(((Map<?, ?>) rule.get("labels")).get("severity"))).isIn("warning", "critical");
            assertThat(((Map<?, ?>) rule.get("annotations")).keySet().stream().map(String::valueOf).toList())
                    .contains("summary", "description");
        });
        assertThat(rules).extracting(rule -> (String) rule.get("alert")).contains("AccessLedgerDeadLetters",
                "AccessLedgerConsumerLag", "AccessLedgerOutboxStuck", "AccessLedgerStuckRequests");
    }

    @Test
    void alertRulesAndDashboardNameOnlyExportedMetrics() throws IOException {
        Set<String> exported = exportedMetrics();
        List<String> expressions = new ArrayList<>();
        alertRules().forEach(rule -> expressions.add((String) rule.get("expr")));
        JsonNode dashboard = new ObjectMapper().readTree(OBSERVABILITY.resolve("grafana-dashboard.json").toFile());
        assertThat(dashboard.get("panels")).isNotEmpty();
        dashboard.get("panels").forEach(panel -> panel.get("targets")
                .forEach(target -> expressions.add(target.get("expr").asText())));
        Set<String> named = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                named.add(matcher.group(1));
            }
        }
        assertThat(named).isNotEmpty();
        assertThat(named).allSatisfy(metric -> assertThat(exported).as("metrics the services export").contains(metric));
    }

    @Test
    void prometheusScrapesTheFiveServicesAtTheirLocalPorts() throws IOException {
        Map<String, Object> config = yaml(OBSERVABILITY.resolve("prometheus.yml"));
        String text = Files.readString(OBSERVABILITY.resolve("prometheus.yml"));
        assertThat(config).containsKey("scrape_configs");
        assertThat(text).contains("/actuator/prometheus", "alert-rules.yml");
        String runLocal = Files.readString(Path.of("run-local.sh"));
        Matcher ports = Pattern.compile("(request-service|policy-service|approval-service|provisioning-service"
                + "|review-scheduler):(\\d+)").matcher(runLocal);
        int services = 0;
        while (ports.find()) {
            services++;
            assertThat(text).contains("'127.0.0.1:" + ports.group(2) + "'").contains(ports.group(1));
        }
        assertThat(services).isEqualTo(5);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertRules() throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) yaml(OBSERVABILITY.resolve("alert-rules.yml"))
                .get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    /** Prometheus names of the meters registered in the services' and platform's main sources. */
    private static Set<String> exportedMetrics() throws IOException {
        Set<String> exported = new TreeSet<>();
        boolean kafkaClientMetricsBound = false;
        try (Stream<Path> sources = Files.walk(ROOT)) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> path.toString().contains("/src/main/java/"))
                    .filter(path -> !path.toString().contains("/shared-events/")).toList()) {
                String code = Files.readString(source);
                kafkaClientMetricsBound |= code.contains("new org.springframework.kafka.core.MicrometerConsumerListener")
                        || code.contains("new MicrometerConsumerListener");
                Matcher names = MICROMETER_NAME.matcher(code);
                while (names.find()) {
                    String name = names.group(1).replace('.', '_');
                    exported.add(name);
                    exported.add(name + "_total");
                }
                Matcher timers = MICROMETER_TIMER.matcher(code);
                while (timers.find()) {
                    String name = timers.group(1).replace('.', '_') + "_seconds";
                    List.of("_count", "_sum", "_max", "_bucket").forEach(series -> exported.add(name + series));
                }
            }
        }
        if (kafkaClientMetricsBound) {
            exported.addAll(KAFKA_CLIENT_METRICS);
        }
        return exported;
    }
}
