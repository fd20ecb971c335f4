package io.accessledger.deploy;

import io.accessledger.approval.ApprovalServiceApplication;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.infra.Ports;
import io.accessledger.policy.PolicyServiceApplication;
import io.accessledger.provisioning.ProvisioningServiceApplication;
import io.accessledger.provisioning.connectors.scim.ScimPeer;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.review.ReviewSchedulerApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The five services, each its own Spring Boot application (own port, own database, own consumer groups), in one
 * JVM for the system tests; they talk only through the given Kafka broker.
 */
final class Suite implements AutoCloseable {
    enum Service {
        REQUEST("request-service", RequestServiceApplication::application),
        POLICY("policy-service", PolicyServiceApplication::application),
        APPROVAL("approval-service", ApprovalServiceApplication::application),
        PROVISIONING("provisioning-service", ProvisioningServiceApplication::application),
        REVIEW("review-scheduler", ReviewSchedulerApplication::application);

        /** Its {@code spring.application.name}: the name its checkpoints are signed under. */
        final String applicationName;
        private final Supplier<SpringApplicationBuilder> builder;

        Service(String applicationName, Supplier<SpringApplicationBuilder> builder) {
            this.applicationName = applicationName;
            this.builder = builder;
        }
    }

    private final Map<Service, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();
    private final Map<Service, Integer> ports = new LinkedHashMap<>();
    /** approval-service's clock, so a test can move past a task's deadline. */
    final MutableClock approvalClock = new MutableClock();
    /** review-scheduler's clock, so a test can reach a move's or a leave's effective date. */
    final MutableClock reviewClock = new MutableClock();
    /** A real SMTP server: provisioning-service's notification channel sends here. */
    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    /** ServiceNow's Table API, as far as the write-back needs it. */
    final RecordingHttpServer serviceNow = new RecordingHttpServer();
    /**
     * A SaaS application's SCIM 2.0 server (an independent implementation): the targets {@code saas-scim} (Okta's
     * dialect) and {@code vpn-scim} (Entra's dialect), which a later policy version points resources at. On a locked
     * port below the ephemeral range ({@link Ports}), as the fault run's target: a test stops it for 30 s and starts it
     * again on the same port, which a port-0 one could lose meanwhile to another program's outgoing connection.
     */
    final ScimPeer scim = ScimPeer.start(Ports.stable(), SCIM_TOKEN);
    static final String SCIM_TOKEN = "scim-system-test-token";
    static final Map<String, String> SCIM_GROUPS = Map.of("confluence:read", "Confluence Readers",
            "confluence:edit", "Confluence Editors", "slack-workspace:member", "Slack Members", "vpn:user",
            "VPN Users");

    Suite(String bootstrapServers) {
        this(bootstrapServers, null);
    }

    Suite(String bootstrapServers, java.nio.file.Path auditKeys) {
        this(bootstrapServers, auditKeys, true);
    }

    /**
     * @param auditKeys where each service's checkpoint signing key is made ({@code <service>.key}, and the
     *     {@code <service>.pub} a verifier trusts), and checkpoints are signed every second; {@code null}: no keys, no
     *     checkpoints (the chain headers go out all the same)
     * @param tracing spans made and propagated ({@code management.tracing.export.enabled}, no exporter), as the system
     *     tests need to follow one request's trace id along its events; {@code false} leaves the services' default,
     *     off unless {@code ACCESSLEDGER_TRACING=true}, as a deployed service runs (the benchmark's {@code
     *     bench.tracing})
     */
    Suite(String bootstrapServers, java.nio.file.Path auditKeys, boolean tracing) {
        this(service -> List.of("--spring.kafka.bootstrap-servers=" + bootstrapServers), auditKeys, tracing);
    }

    /**
     * As {@link #Suite(String, java.nio.file.Path, boolean)}, each service reaching Kafka with the {@code
     * spring.kafka.*} arguments {@code kafka} gives it (its own user on an authenticated listener, say).
     */
    Suite(java.util.function.Function<Service, List<String>> kafka, java.nio.file.Path auditKeys, boolean tracing) {
        mail.start();
        SCIM_GROUPS.values().forEach(scim::createGroup);
        for (Service service : Service.values()) {
            List<String> args = new ArrayList<>(List.of(
                    "--spring.profiles.active=local",
                    "--server.port=0", // its own port from the start: none picked here that another could take
                    "--spring.datasource.url=" + LocalPostgres.freshDatabaseUrl(service.name().toLowerCase()),
                    "--spring.datasource.username=postgres",
                    "--spring.kafka.admin.operation-timeout=5s",
                    "--accessledger.spine.retry-backoff=200ms",
                    "--spring.mail.host=127.0.0.1",
                    "--accessledger.servicenow.instance-url=" + serviceNow.url(),
                    "--accessledger.servicenow.username=accessledger-integration",
                    "--accessledger.servicenow.password=integration-password",
                    "--spring.mail.port=" + mail.getSmtp().getPort(),
                    "--logging.level.org.apache.kafka=ERROR",
                    "--logging.level.org.axonframework=WARN"));
            args.addAll(kafka.apply(service));
            if (tracing) {
                // Tracing on (no exporter): one request's events share the trace id its submit carried.
                args.add("--management.tracing.export.enabled=true");
            }
            if (auditKeys != null) {
                args.add("--accessledger.audit.signing-key-file=" + auditKeys.resolve(service.applicationName + ".key"));
                args.add("--accessledger.audit.generate-key=true");
                args.add("--accessledger.audit.checkpoint-every=PT1S");
            }
            args.addAll(scimTargetArgs(scim.baseUrl()));
            List<String> foreign = ServiceClasspath.foreignAutoConfigurations(service.applicationName);
            if (!foreign.isEmpty()) {
                args.add("--spring.autoconfigure.exclude=" + String.join(",", foreign));
            }
            SpringApplicationBuilder builder = service.builder.get();
            if (service == Service.APPROVAL) {
                builder.initializers(context -> context.getBeanFactory().registerSingleton("clock", approvalClock));
            }
            if (service == Service.REVIEW) {
                builder.initializers(context -> context.getBeanFactory().registerSingleton("clock", reviewClock));
            }
            ConfigurableApplicationContext context = builder.run(args.toArray(String[]::new));
            contexts.put(service, context);
            ports.put(service, Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        }
    }

    /**
     * provisioning-service's SCIM targets on the test server at {@code scimBaseUrl}: {@code saas-scim} (Okta's
     * dialect) and {@code vpn-scim} (Entra's), their groups, and short connector retries.
     */
    static List<String> scimTargetArgs(String scimBaseUrl) {
        List<String> args = new ArrayList<>(List.of(
                "--accessledger.provisioning.targets.saas-scim.type=scim",
                "--accessledger.provisioning.targets.saas-scim.base-url=" + scimBaseUrl,
                "--accessledger.provisioning.targets.saas-scim.token=" + SCIM_TOKEN,
                "--accessledger.provisioning.targets.saas-scim.dialect=okta",
                "--accessledger.provisioning.targets.saas-scim.timeout=PT3S",
                "--accessledger.provisioning.targets.vpn-scim.type=scim",
                "--accessledger.provisioning.targets.vpn-scim.base-url=" + scimBaseUrl,
                "--accessledger.provisioning.targets.vpn-scim.token=" + SCIM_TOKEN,
                "--accessledger.provisioning.targets.vpn-scim.dialect=entra",
                "--accessledger.provisioning.targets.vpn-scim.timeout=PT3S",
                "--accessledger.provisioning.retry.initial-backoff=PT1S",
                "--accessledger.provisioning.retry.max-backoff=PT4S",
                "--accessledger.provisioning.retry.max-attempts=40",
                "--accessledger.provisioning.worker.poll-every=PT0.5S"));
        // The documented form: groups as a list of {entitlement, group}.
        Map<String, Integer> mapped = new LinkedHashMap<>();
        for (Map.Entry<String, String> group : SCIM_GROUPS.entrySet()) {
            String target = group.getKey().startsWith("vpn:") ? "vpn-scim" : "saas-scim";
            String entry = "--accessledger.provisioning.targets." + target + ".groups["
                    + (mapped.merge(target, 1, Integer::sum) - 1) + "]";
            args.add(entry + ".entitlement=" + group.getKey());
            args.add(entry + ".group=" + group.getValue());
        }
        return args;
    }

    String url(Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    <T> T bean(Service service, Class<T> type) {
        return contexts.get(service).getBean(type);
    }

    /** Whether the service runs a bean of {@code type} at all. */
    boolean has(Service service, Class<?> type) {
        return contexts.get(service).getBeanProvider(type).getIfAvailable() != null;
    }

    @Override
    public void close() {
        List<Service> reversed = new ArrayList<>(contexts.keySet());
        java.util.Collections.reverse(reversed);
        for (Service service : reversed) {
            contexts.get(service).close();
        }
        mail.stop();
        serviceNow.close();
        scim.stop();
        Ports.release(scim.port());
    }
}
