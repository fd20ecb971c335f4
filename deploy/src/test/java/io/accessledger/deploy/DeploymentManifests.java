package io.accessledger.deploy;

import io.accessledger.events.Topic;
import io.accessledger.spine.SpineProperties;
import io.accessledger.spine.audit.AuditProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files of {@code deploy/} ({@code compose.yaml}, {@code k8s/}) parsed, and the checks
 * {@link DeploymentManifestsTest} runs on them. Each check returns the problems it found (empty: none), so a test can
 * run it on a copy with something removed and see it complain.
 */
final class DeploymentManifests {
    static final Path ROOT = Path.of("..");
    static final List<String> SERVICES = List.of("request-service", "policy-service", "approval-service",
            "provisioning-service", "review-scheduler");
    /** The services' image user (root pom, jib-maven-plugin {@code container.user}). */
    static final long IMAGE_USER = 10001;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    final List<Map<String, Object>> k8s;
    final Map<String, Object> compose;

    private DeploymentManifests(List<Map<String, Object>> k8s, Map<String, Object> compose) {
        this.k8s = k8s;
        this.compose = compose;
    }

    /** Every document of every YAML file under {@code deploy/k8s} and {@code deploy/compose.yaml}, freshly parsed. */
    static DeploymentManifests load() {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Path file : k8sFiles()) {
            for (Object document : new Yaml().loadAll(read(file))) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
        }
        return new DeploymentManifests(documents, map(new Yaml().load(read(Path.of("compose.yaml")))));
    }

    static List<Path> k8sFiles() {
        try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .filter(file -> !file.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- Kubernetes -------------------------------------------------------------------------------------------

    List<Map<String, Object>> ofKind(String kind) {
        return k8s.stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream().filter(document -> name.equals(at(document, "metadata", "name"))).findFirst()
                .orElse(null);
    }

    /** The one container of a service's Deployment, or {@code null}. */
    Map<String, Object> container(String service) {
        Map<String, Object> deployment = named("Deployment", service);
        if (deployment == null) {
            return null;
        }
        List<Object> containers = list(at(deployment, "spec", "template", "spec", "containers"));
        return containers.isEmpty() ? null : map(containers.get(0));
    }

    List<String> everyServiceHasItsWorkloadResources() {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget")) {
                if (named(kind, service) == null) {
                    problems.add(service + " has no " + kind);
                }
            }
            if (named("HorizontalPodAutoscaler", service) == null && named("ScaledObject", service) == null) {
                problems.add(service + " has neither a HorizontalPodAutoscaler nor a ScaledObject");
            }
        }
        return problems;
    }

    /** A check of one service's resource (its container, its KafkaUser), adding what it finds wrong to problems. */
    interface ResourceCheck {
        void check(String service, Map<String, Object> resource, List<String> problems);
    }

    /** Runs {@code check} on each service's resource as {@code find} finds it; a missing one is a problem itself. */
    List<String> eachService(java.util.function.Function<String, Map<String, Object>> find, String missing,
            ResourceCheck check) {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            Map<String, Object> resource = find.apply(service);
            if (resource == null) {
                problems.add(service + " has no " + missing);
            } else {
                check.check(service, resource, problems);
            }
        }
        return problems;
    }

    List<String> eachContainer(ResourceCheck check) {
        return eachService(this::container, "container", check);
    }

    List<String> eachKafkaUser(ResourceCheck check) {
        return eachService(service -> named("KafkaUser", service), "KafkaUser", check);
    }

    List<String> probesAreOnTheActuatorHealthGroups() {
        return eachContainer((service, container, problems) -> {
            Map<String, String> expected = Map.of("readinessProbe", "/actuator/health/readiness",
                    "livenessProbe", "/actuator/health/liveness");
            expected.forEach((probe, path) -> {
                Object actual = at(container, probe, "httpGet", "path");
                if (!path.equals(actual)) {
                    problems.add(service + " " + probe + " is " + actual + ", not " + path);
                }
                Object port = at(container, probe, "httpGet", "port");
                if (actual != null && !"http".equals(port) && !Objects.equals(port, servicePort(service))) {
                    problems.add(service + " " + probe + " is on port " + port);
                }
            });
            // The groups exist only when probes are enabled in the service's own configuration.
            Object enabled = at(serviceYml(service), "management", "endpoint", "health", "probes", "enabled");
            if (!Boolean.TRUE.equals(enabled)) {
                problems.add(service + ".yml does not enable management.endpoint.health.probes");
            }
        });
    }

    List<String> everyContainerHasResourcesAndRunsAsTheImageUser() {
        return eachContainer((service, container, problems) -> {
            for (String resource : List.of("cpu", "memory")) {
                if (at(container, "resources", "requests", resource) == null) {
                    problems.add(service + " requests no " + resource);
                }
            }
            if (at(container, "resources", "limits", "memory") == null) {
                problems.add(service + " has no memory limit");
            }
            Map<String, Object> pod = map(at(named("Deployment", service), "spec", "template", "spec"));
            if (!Boolean.TRUE.equals(at(pod, "securityContext", "runAsNonRoot"))
                    || !Objects.equals(number(at(pod, "securityContext", "runAsUser")), IMAGE_USER)) {
                problems.add(service + " does not run as non-root user " + IMAGE_USER);
            }
            Object containerPort = at(map(list(container.get("ports")).stream().findFirst().orElse(Map.of())),
                    "containerPort");
            if (!Objects.equals(number(containerPort), (long) servicePort(service))) {
                problems.add(service + " container port " + containerPort + " is not its server.port "
                        + servicePort(service));
            }
        });
    }

    /** More instances than partitions would leave consumers idle. */
    List<String> autoscalersStopAtThePartitionCount() {
        List<String> problems = new ArrayList<>();
        int partitions = spinePartitions();
        for (String service : SERVICES) {
            Map<String, Object> hpa = named("HorizontalPodAutoscaler", service);
            if (hpa == null) {
                continue;
            }
            Long max = number(at(hpa, "spec", "maxReplicas"));
            if (max == null || max > partitions) {
                problems.add(service + " scales to " + max + " instances, more than the " + partitions + " partitions");
            }
            if (!service.equals(at(hpa, "spec", "scaleTargetRef", "name"))) {
                problems.add(service + "'s autoscaler targets " + at(hpa, "spec", "scaleTargetRef", "name"));
            }
        }
        return problems;
    }

    List<String> imagesAreTheJibImages() {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            Map<String, Object> container = container(service);
            Object image = container == null ? null : container.get("image");
            if (!jibImage(service).equals(image)) {
                problems.add(service + " runs image " + image + ", the build makes " + jibImage(service));
            }
        }
        return problems;
    }

    /** Every registry topic and its DLT has a KafkaTopic as the spine would create it, and no other topic does. */
    List<String> kafkaTopicsAreTheRegistry() {
        List<String> problems = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        for (Topic topic : Topic.values()) {
            expected.add(topic.topicName());
            expected.add(topic.deadLetterTopicName());
        }
        Set<String> declared = new TreeSet<>();
        for (Map<String, Object> kafkaTopic : ofKind("KafkaTopic")) {
            String name = String.valueOf(at(kafkaTopic, "spec", "topicName"));
            declared.add(name);
            if (!expected.contains(name)) {
                problems.add("KafkaTopic " + name + " is not in the shared-events topic registry");
            }
            if (!Objects.equals(number(at(kafkaTopic, "spec", "partitions")), (long) spinePartitions())) {
                problems.add(name + " has " + at(kafkaTopic, "spec", "partitions") + " partitions");
            }
            if (!Objects.equals(number(at(kafkaTopic, "spec", "replicas")), 3L)) {
                problems.add(name + " is not replicated 3 times");
            }
            Map<String, Object> config = map(at(kafkaTopic, "spec", "config"));
            if (!"2".equals(String.valueOf(config.get("min.insync.replicas")))) {
                problems.add(name + " has min.insync.replicas " + config.get("min.insync.replicas"));
            }
            Topic.TOPIC_CONFIG.forEach((key, value) -> {
                if (!value.equals(String.valueOf(config.get(key)))) {
                    problems.add(name + " has " + key + " " + config.get(key) + ", the registry says " + value);
                }
            });
            if (!"accessledger".equals(at(kafkaTopic, "metadata", "labels", "strimzi.io/cluster"))) {
                problems.add(name + " names no strimzi.io/cluster accessledger");
            }
        }
        for (String name : expected) {
            if (!declared.contains(name)) {
                problems.add("topic " + name + " has no KafkaTopic");
            }
        }
        return problems;
    }

    /** A user per service: it writes the topics it owns and none another service owns; reads its own groups. */
    List<String> kafkaUsersWriteOnlyTheirOwnTopics() {
        return eachKafkaUser((service, user, problems) -> {
            Set<String> writes = new TreeSet<>();
            boolean readsItsGroups = false;
            for (Object entry : list(at(user, "spec", "authorization", "acls"))) {
                Map<String, Object> acl = map(entry);
                List<Object> operations = list(acl.get("operations"));
                String type = String.valueOf(at(acl, "resource", "type"));
                String name = String.valueOf(at(acl, "resource", "name"));
                if ("topic".equals(type) && operations.contains("Write")) {
                    writes.add(name);
                }
                if ("group".equals(type) && ("accessledger." + service + ".").equals(name)
                        && "prefix".equals(at(acl, "resource", "patternType")) && operations.contains("Read")) {
                    readsItsGroups = true;
                }
            }
            for (Topic topic : Topic.eventTopics()) {
                boolean owns = topic.isOwnedBy(service);
                if (owns != writes.contains(topic.topicName())) {
                    problems.add(service + (owns ? " cannot write its own topic " : " may write another's topic ")
                            + topic.topicName());
                }
            }
            if (!writes.contains(Topic.AUDIT.topicName())) {
                problems.add(service + " cannot write its checkpoints to " + Topic.AUDIT.topicName());
            }
            if (!readsItsGroups) {
                problems.add(service + " cannot read its consumer groups accessledger." + service + ".*");
            }
        });
    }

    /** A user per service reads every topic its consumers subscribe to and writes those topics' dead letters. */
    List<String> kafkaUsersReadWhatTheServicesConsume() {
        return eachKafkaUser((service, user, problems) -> {
            List<Map<String, Object>> acls = list(at(user, "spec", "authorization", "acls")).stream()
                    .map(DeploymentManifests::map).toList();
            for (Topic topic : consumedTopics(service)) {
                if (!allows(acls, topic.topicName(), "Read")) {
                    problems.add(service + " consumes " + topic.topicName() + " but may not read it");
                }
                if (!allows(acls, topic.deadLetterTopicName(), "Write")) {
                    problems.add(service + " may not dead-letter to " + topic.deadLetterTopicName());
                }
            }
        });
    }

    private static boolean allows(List<Map<String, Object>> acls, String topic, String operation) {
        return acls.stream().filter(acl -> "topic".equals(at(acl, "resource", "type")))
                .filter(acl -> list(acl.get("operations")).contains(operation)).anyMatch(acl -> {
                    String name = String.valueOf(at(acl, "resource", "name"));
                    return "prefix".equals(at(acl, "resource", "patternType")) ? topic.startsWith(name)
                            : topic.equals(name);
                });
    }

    /**
     * The topics a service's consumers subscribe to, read from the sources: every {@code topics()} of an
     * {@code EventConsumer} in the service and in the platform modules its pom depends on that have consumers.
     */
    static Set<Topic> consumedTopics(String service) {
        List<Path> sources = new ArrayList<>(List.of(ROOT.resolve(service + "/src/main/java")));
        String pom = read(ROOT.resolve(service + "/pom.xml"));
        for (String module : List.of("policy-in-force", "audit")) {
            if (pom.contains("<artifactId>" + module + "</artifactId>")) {
                sources.add(ROOT.resolve("platform/" + module + "/src/main/java"));
            }
        }
        Set<Topic> topics = new TreeSet<>();
        Pattern body = Pattern.compile("Set<Topic> topics\\(\\)\\s*\\{([^}]*)}");
        Pattern named = Pattern.compile("Topic\\.([A-Z_]+)\\b");
        for (Path root : sources) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    Matcher method = body.matcher(read(file));
                    while (method.find()) {
                        if (method.group(1).contains("Topic.eventTopics()")) {
                            topics.addAll(Topic.eventTopics());
                        }
                        Matcher topic = named.matcher(method.group(1).replace("Topic.eventTopics()", ""));
                        while (topic.find()) {
                            topics.add(Topic.valueOf(topic.group(1)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return topics;
    }

    /**
     * Each service reaches Kafka on an authenticated listener as its own KafkaUser: its Deployment's variables, bound
     * as Spring Boot binds the environment, give SASL over TLS with SCRAM-SHA-512 (its KafkaUser's authentication),
     * the JAAS configuration of that user's Secret and the cluster's CA as trust; the address in {@code config.yaml}
     * is a listener with TLS and SCRAM; and the cluster has no listener without authentication and no super user.
     */
    List<String> servicesConnectAsTheirKafkaUsers() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> config = map(at(named("ConfigMap", "accessledger-config"), "data"));
        String bootstrap = String.valueOf(config.get("kafka-bootstrap"));
        Map<String, Object> kafka = named("Kafka", "accessledger");
        for (Object entry : list(at(kafka, "spec", "kafka", "listeners"))) {
            Map<String, Object> listener = map(entry);
            Object authentication = at(listener, "authentication", "type");
            if (authentication == null) {
                problems.add("listener " + listener.get("name") + " has no authentication");
            }
            if (bootstrap.endsWith(":" + listener.get("port")) && (!Boolean.TRUE.equals(listener.get("tls"))
                    || !"scram-sha-512".equals(authentication))) {
                problems.add("the services' listener " + listener.get("name") + " is not SCRAM-SHA-512 over TLS");
            }
        }
        if (!list(at(kafka, "spec", "kafka", "authorization", "superUsers")).isEmpty()) {
            problems.add("the cluster has super users " + at(kafka, "spec", "kafka", "authorization", "superUsers"));
        }
        problems.addAll(eachContainer((service, container, found) -> {
            Map<String, Object> environment = new LinkedHashMap<>();
            for (Object variable : list(container.get("env"))) {
                Map<String, Object> v = map(variable);
                Object secret = at(v, "valueFrom", "secretKeyRef");
                Object configKey = at(v, "valueFrom", "configMapKeyRef", "key");
                environment.put(String.valueOf(v.get("name")), secret != null
                        ? "secret " + at(secret, "name") + "/" + at(secret, "key")
                        : configKey != null ? config.get(String.valueOf(configKey)) : v.get("value"));
            }
            // Bound as Boot binds the process environment (the source's name selects its relaxed mapping).
            KafkaProperties bound = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                    .bind("spring.kafka", KafkaProperties.class).orElseGet(KafkaProperties::new);
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("security.protocol", "SASL_SSL");
            expected.put("sasl.mechanism", "SCRAM-SHA-512");
            expected.put("sasl.jaas.config", "secret " + service + "/sasl.jaas.config");
            expected.put("ssl.truststore.type", "PEM");
            expected.put("ssl.truststore.certificates", "secret accessledger-cluster-ca-cert/ca.crt");
            Map<String, Object> actual = new LinkedHashMap<>();
            actual.put("security.protocol", bound.getSecurity().getProtocol());
            actual.put("sasl.mechanism", bound.getProperties().get("sasl.mechanism"));
            actual.put("sasl.jaas.config", bound.getProperties().get("sasl.jaas.config"));
            actual.put("ssl.truststore.type", bound.getSsl().getTrustStoreType());
            actual.put("ssl.truststore.certificates", bound.getSsl().getTrustStoreCertificates());
            expected.forEach((setting, value) -> {
                if (!value.equals(actual.get(setting))) {
                    found.add(service + " connects with " + setting + " " + actual.get(setting) + ", not " + value);
                }
            });
            if (!"scram-sha-512".equals(at(named("KafkaUser", service), "spec", "authentication", "type"))) {
                found.add(service + "'s KafkaUser does not authenticate with SCRAM-SHA-512");
            }
        }));
        return problems;
    }

    /** Every variable a Deployment sets is one the service reads. */
    List<String> k8sEnvironmentIsReadByTheServices() {
        return eachContainer((service, container, problems) -> {
            for (Object variable : list(container.get("env"))) {
                String name = String.valueOf(map(variable).get("name"));
                if (!readBy(service, name)) {
                    problems.add(service + " does not read " + name);
                }
            }
        });
    }

    /** The typed model each kind of deploy/k8s binds to: the Kubernetes API's (fabric8) and Strimzi's own. */
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class));

    /**
     * Every document binds to its kind's model with no field the model does not know (a misspelt or misplaced field
     * would otherwise be dropped silently by the API server or the operator).
     */
    List<String> k8sBindToTheResourceModels() {
        List<String> problems = new ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Map<String, Object> document : k8s) {
            String where = document.get("kind") + " " + at(document, "metadata", "name");
            Class<?> model = MODELS.get(String.valueOf(document.get("kind")));
            if (model == null) {
                problems.add(where + " is of no known kind");
                continue;
            }
            try {
                unknownFields(mapper.convertValue(document, model), where, problems,
                        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            } catch (IllegalArgumentException e) {
                problems.add(where + " does not bind: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return problems;
    }

    /** Walks a bound model through its getters (each object once), reporting non-empty {@code additionalProperties}. */
    private static void unknownFields(Object node, String path, List<String> problems, Set<Object> seen) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
                || !seen.add(node)) {
            return;
        }
        if (node instanceof java.util.Collection<?> elements) {
            int index = 0;
            for (Object element : elements) {
                unknownFields(element, path + "[" + index++ + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> unknownFields(value, path + "." + key, problems, seen));
            return;
        }
        String owner = node.getClass().getPackageName();
        if (!owner.startsWith("io.fabric8.") && !owner.startsWith("io.strimzi.") || node.getClass().isEnum()) {
            return;
        }
        for (java.lang.reflect.Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + " has fields its model does not know: " + extra.keySet());
                }
            } else {
                String property = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(value, path + "." + property, problems, seen);
            }
        }
    }

    // ---- compose ----------------------------------------------------------------------------------------------

    Map<String, Object> composeService(String name) {
        Object service = at(compose, "services", name);
        return service == null ? null : map(service);
    }

    List<String> composeRunsTheSuite() {
        List<String> problems = new ArrayList<>();
        Set<String> expected = new TreeSet<>(SERVICES);
        expected.addAll(List.of("console", "kafka", "postgres", "prometheus", "grafana"));
        Set<String> declared = new TreeSet<>(map(compose.get("services")).keySet());
        for (String name : expected) {
            if (!declared.contains(name)) {
                problems.add("compose has no " + name);
            } else if (composeService(name).get("healthcheck") == null) {
                problems.add("compose " + name + " has no healthcheck");
            }
        }
        List<String> ours = new ArrayList<>(SERVICES);
        ours.add("console");
        for (String service : ours) {
            Map<String, Object> definition = composeService(service);
            if (definition == null) {
                continue;
            }
            String image = String.valueOf(definition.get("image")).replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
            if (!jibImage(service).equals(image)) {
                problems.add("compose " + service + " runs " + image + ", the build makes " + jibImage(service));
            }
            if (SERVICES.contains(service)) {
                String check = String.valueOf(at(definition, "healthcheck", "test"));
                if (!check.contains("/actuator/health/readiness") || !check.contains("/" + servicePort(service))) {
                    problems.add("compose " + service + " healthcheck does not ask its readiness: " + check);
                }
                for (String dependency : List.of("kafka", "postgres")) {
                    if (!"service_healthy".equals(at(definition, "depends_on", dependency, "condition"))) {
                        problems.add("compose " + service + " does not wait for a healthy " + dependency);
                    }
                }
            }
            for (Object name : map(definition.get("environment")).keySet()) {
                if (!readBy(service, String.valueOf(name))) {
                    problems.add("compose " + service + " sets " + name + ", which it does not read");
                }
            }
        }
        return problems;
    }

    // ---- what the services read -------------------------------------------------------------------------------

    /**
     * Whether {@code service} (or the console) reads environment variable {@code name}: a placeholder in its own
     * configuration or the platform's code, a relaxed-binding name of a configuration record it binds
     * ({@code accessledger.audit.*}, {@code accessledger.console.*}), or a Spring Boot property the docs name.
     */
    static boolean readBy(String service, String name) {
        if (placeholders(service).contains(name)) {
            return true;
        }
        List<String> components = new ArrayList<>();
        if (!service.equals("console")) {
            Arrays.stream(AuditProperties.class.getRecordComponents())
                    .forEach(component -> components.add("ACCESSLEDGER_AUDIT_" + component.getName().toUpperCase()));
        } else {
            consoleRecordComponents().forEach(component -> components.add("ACCESSLEDGER_CONSOLE_" + component));
            if (name.startsWith("ACCESSLEDGER_CONSOLE_SERVICES_")) {
                return true;
            }
        }
        if (components.contains(name)) {
            return true;
        }
        if (name.startsWith("SPRING_") || name.startsWith("MANAGEMENT_") || name.startsWith("LOGGING_")) {
            return (read(ROOT.resolve("docs/CONTRACT.md")) + read(ROOT.resolve("docs/OPERATIONS.md"))).contains(name);
        }
        return false;
    }

    private static final Map<String, Set<String>> PLACEHOLDERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Set<String> placeholders(String service) {
        return PLACEHOLDERS.computeIfAbsent(service, DeploymentManifests::readPlaceholders);
    }

    private static Set<String> readPlaceholders(String service) {
        StringBuilder text = new StringBuilder();
        if (service.equals("console")) {
            text.append(read(ROOT.resolve("deploy/console/src/main/resources/application.properties")));
        } else {
            text.append(read(ROOT.resolve(service + "/src/main/resources/" + service + ".yml")));
            try (Stream<Path> sources = Files.walk(ROOT.resolve("platform"))) {
                sources.filter(path -> path.toString().contains("/src/main/"))
                        .filter(path -> path.toString().endsWith(".java") || path.toString().endsWith(".yml"))
                        .forEach(path -> text.append(read(path)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static List<String> consoleRecordComponents() {
        String source = read(ROOT.resolve("deploy/console/src/main/java/io/accessledger/console/ConsoleProperties.java"));
        Matcher header = Pattern.compile("record ConsoleProperties\\(([^)]*)\\)").matcher(source);
        if (!header.find()) {
            throw new IllegalStateException("ConsoleProperties is no longer a record");
        }
        return Arrays.stream(header.group(1).split(","))
                .map(parameter -> parameter.trim().replaceAll(".*\\s", "").toUpperCase())
                .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> serviceYml(String service) {
        return (Map<String, Object>) new Yaml()
                .load(read(ROOT.resolve(service + "/src/main/resources/" + service + ".yml")));
    }

    /** The service's own port: the default of {@code server.port}. */
    static int servicePort(String service) {
        Matcher port = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}").matcher(String.valueOf(at(serviceYml(service),
                "server", "port")));
        if (!port.find()) {
            throw new IllegalStateException(service + ".yml has no server.port default");
        }
        return Integer.parseInt(port.group(1));
    }

    /** The partitions the spine creates topics with (SpineProperties' default). */
    static int spinePartitions() {
        var components = SpineProperties.class.getRecordComponents();
        try {
            return SpineProperties.class
                    .getDeclaredConstructor(Arrays.stream(components).map(c -> c.getType()).toArray(Class<?>[]::new))
                    .newInstance(new Object[components.length]).partitions();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the root pom's jib-maven-plugin configuration names the image of {@code artifactId}. */
    static String jibImage(String artifactId) {
        String pom = read(ROOT.resolve("pom.xml"));
        Matcher to = Pattern.compile("<to><image>([^<]+)</image></to>").matcher(pom);
        Matcher version = Pattern.compile("<artifactId>accessledger</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        if (!to.find() || !version.find()) {
            throw new IllegalStateException("the root pom configures no Jib image name or has no version");
        }
        return to.group(1).replace("${project.artifactId}", artifactId).replace("${project.version}", version.group(1));
    }

    // ---- tree helpers -----------------------------------------------------------------------------------------

    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> ? (Map<String, Object>) node : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return node instanceof List<?> ? (List<Object>) node : new ArrayList<>();
    }

    static Long number(Object node) {
        if (node instanceof Number value) {
            return value.longValue();
        }
        try {
            return node == null ? null : Long.parseLong(String.valueOf(node));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
