package io.accessledger.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import io.accessledger.spine.testing.RunningService;
import org.springframework.context.ApplicationContext;

/**
 * Points 2 and 3 of issue #14 at one running service: every endpoint refuses bad input and bad tokens with a 4xx
 * problem (never a 5xx, no stack trace), stores no event for it and stays healthy; oversized bodies are refused
 * before they are read; security headers are on every answer; machine-to-machine endpoints are rate limited. A
 * service's edge test extends this with its endpoint list (next to its controllers) and its running instance; the
 * list must cover every mapped endpoint, so a new one cannot slip through.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
public abstract class EdgeSuite {
    /** A token that passes every role check, so a body is read and judged rather than refused for the caller. */
    protected static final String ALL_ROLES = HostileTokens.valid("E1041", "ADMIN", "IAM", "SECURITY", "COMPLIANCE",
            "AUDITOR");

    /** Every endpoint of the service, with sample ids in the path and a valid example body (or null). */
    protected abstract Map<String, EdgeProbe.Endpoint> endpoints();

    private RunningService service;

    /** Starts the service as it runs ({@code RunningService.start}), once for the class. */
    protected abstract RunningService start() throws Exception;

    @org.junit.jupiter.api.BeforeAll
    final void startService() throws Exception {
        service = start();
    }

    @org.junit.jupiter.api.AfterAll
    final void stopService() {
        if (service != null) {
            service.close();
        }
    }

    protected final RunningService service() {
        return service;
    }

    private ApplicationContext context() {
        return service().context();
    }

    private String baseUrl() {
        return service().baseUrl();
    }

    /** How many events the service has stored so far (its event store), to show a refusal stored none. */
    private long storedEvents() {
        return service().jdbc().queryForObject("select count(*) from domainevententry", Long.class);
    }

    /**
     * Headers that authenticate the request: a token with every role for the API; for a webhook, what its sender
     * would send for this body (a service overrides this), so hostile bodies reach the parser behind the signature.
     */
    protected Map<String, String> credentials(EdgeProbe.Endpoint endpoint, byte[] body) {
        return isApi(endpoint) ? Map.of("Authorization", ALL_ROLES) : Map.of();
    }

    protected static boolean isApi(EdgeProbe.Endpoint endpoint) {
        return endpoint.path().startsWith("/api/");
    }

    /** The machine-to-machine endpoints, which prove their caller otherwise and are rate limited. */
    protected static boolean isWebhook(EdgeProbe.Endpoint endpoint) {
        return endpoint.path().startsWith("/webhooks/") || endpoint.path().startsWith("/integrations/");
    }

    /** The spine's operations endpoints, which every service serves ({@code SpineAdminController}). */
    protected static Map<String, EdgeProbe.Endpoint> adminEndpoints(String ownTopic) {
        Map<String, EdgeProbe.Endpoint> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put("GET /api/v1/admin/parked", new EdgeProbe.Endpoint("GET", "/api/v1/admin/parked", null));
        endpoints.put("POST /api/v1/admin/dead-letters/{topic}/redrive", new EdgeProbe.Endpoint("POST",
                "/api/v1/admin/dead-letters/" + ownTopic + "-dlt/redrive", null));
        endpoints.put("POST /api/v1/admin/read-models/rebuilds", new EdgeProbe.Endpoint("POST",
                "/api/v1/admin/read-models/rebuilds", null));
        endpoints.put("GET /api/v1/admin/read-models/rebuilds", new EdgeProbe.Endpoint("GET",
                "/api/v1/admin/read-models/rebuilds", null));
        endpoints.put("GET /api/v1/admin/read-models/rebuilds/{id}", new EdgeProbe.Endpoint("GET",
                "/api/v1/admin/read-models/rebuilds/RB-1", null));
        endpoints.put("DELETE /api/v1/admin/read-models/rebuilds/{id}", new EdgeProbe.Endpoint("DELETE",
                "/api/v1/admin/read-models/rebuilds/RB-1", null));
        endpoints.putAll(openEndpoints());
        return endpoints;
    }

    /** The OpenAPI document, open like health: every service serves it. */
    protected static Map<String, EdgeProbe.Endpoint> openEndpoints() {
        return Map.of("GET /v3/api-docs", new EdgeProbe.Endpoint("GET", "/v3/api-docs", null),
                "GET /v3/api-docs.yaml", new EdgeProbe.Endpoint("GET", "/v3/api-docs.yaml", null));
    }

    protected final EdgeProbe probe() {
        return new EdgeProbe(baseUrl());
    }

    @Test
    void everyMappedEndpointIsInTheEdgeList() {
        assertThat(EdgeProbe.unlisted(context(), endpoints().keySet())).as("endpoints missing from the edge list")
                .isEmpty();
        assertThat(endpoints().keySet()).as("listed endpoints that are not mapped")
                .isSubsetOf(EdgeProbe.mappedEndpoints(context()));
    }

    /** With a valid token and its example body, every endpoint answers with success or a proper problem. */
    @Test
    void everyEndpointAnswersItsExampleWithSuccessOrAProblem() {
        List<String> wrong = new ArrayList<>();
        for (EdgeProbe.Endpoint endpoint : endpoints().values()) {
            EdgeProbe.Answer answer = probe().send(endpoint.method(), endpoint.path(),
                    headers(endpoint, body(endpoint)), body(endpoint));
            EdgeProbe.notAcceptedOrRefused(answer).forEach(problem -> wrong.add(endpoint + ": " + problem));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyApiEndpointRefusesAMissingOrHostileTokenWith401() {
        List<String> wrong = new ArrayList<>();
        Map<String, String> tokens = new HashMap<>(HostileTokens.all());
        tokens.put("no token", null);
        for (EdgeProbe.Endpoint endpoint : endpoints().values().stream().filter(EdgeSuite::isApi).toList()) {
            tokens.forEach((name, header) -> {
                Map<String, String> headers = new HashMap<>(json());
                if (header != null) {
                    headers.put("Authorization", header);
                }
                EdgeProbe.Answer answer = probe().send(endpoint.method(), endpoint.path(), headers, body(endpoint));
                if (answer.status() != 401) {
                    wrong.add(endpoint + " with " + name + ": " + answer.status());
                }
                EdgeProbe.notARefusal(answer).forEach(problem -> wrong.add(endpoint + " with " + name + ": " + problem));
            });
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * Refused callers are logged (ASVS 16.3.2) — a missing or bad token, a caller without the role — and what they
     * sent as credentials never is: no token, no password, no signature appears in the service's output.
     */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void refusedCallersAreLoggedWithoutTheirCredentials(org.springframework.boot.test.system.CapturedOutput output) {
        EdgeProbe.Endpoint admin = endpoints().get("GET /api/v1/admin/parked");
        List<String> secrets = new ArrayList<>();
        for (String header : HostileTokens.all().values()) {
            assertThat(probe().send("GET", admin.path(), Map.of("Authorization", header), null).status())
                    .isEqualTo(401);
            secrets.add(header.substring(header.indexOf(' ') + 1));
        }
        String noRole = HostileTokens.valid("E1030");
        assertThat(probe().send("GET", admin.path(), Map.of("Authorization", noRole), null).status()).isEqualTo(403);
        secrets.add(noRole.substring(7));
        for (EdgeProbe.Endpoint webhook : endpoints().values().stream().filter(EdgeSuite::isWebhook).toList()) {
            String password = "hunter2-" + java.util.UUID.randomUUID();
            probe().send(webhook.method(), webhook.path(), Map.of("Content-Type", "application/json", "Authorization",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(("intruder:" + password)
                            .getBytes(StandardCharsets.UTF_8)), "X-BambooHR-Signature", password,
                    "webhook-signature", "v1," + password), body(webhook));
            secrets.add(password);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> output.getOut().contains("Refused unauthenticated GET " + admin.path())
                        && output.getOut().contains("Refused (403 forbidden)"));
        for (String secret : secrets) {
            assertThat(output.getAll()).as("the output names a credential").doesNotContain(secret);
        }
    }

    @Test
    void malformedBodiesAreRefusedEverywhereAndStoreNothing() {
        long before = storedEvents();
        List<String> wrong = new ArrayList<>();
        for (EdgeProbe.Endpoint endpoint : withBodies()) {
            for (HostileInputs.Case bad : HostileInputs.malformedBodies()) {
                EdgeProbe.Answer answer = probe().send(endpoint.method(), endpoint.path(), headers(endpoint, bad.body()),
                        bad.body());
                EdgeProbe.notARefusal(answer).forEach(problem -> wrong.add(endpoint + " " + bad + ": " + problem));
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(storedEvents()).as("events stored for refused input").isEqualTo(before);
        assertThat(probe().unhealthy()).isEmpty();
    }

    @Test
    void generatedMutationsOfValidBodiesNeverGetA5xx() {
        List<String> wrong = new ArrayList<>();
        for (EdgeProbe.Endpoint endpoint : withBodies()) {
            for (HostileInputs.Case bad : HostileInputs.mutationsOf(endpoint.exampleBody(),
                    HostileInputs.seed() ^ endpoint.toString().hashCode(), HostileInputs.cases())) {
                EdgeProbe.Answer answer = probe().send(endpoint.method(), endpoint.path(), headers(endpoint, bad.body()),
                        bad.body());
                EdgeProbe.notAcceptedOrRefused(answer).forEach(problem -> wrong.add(endpoint + " " + bad + ": "
                        + problem));
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(probe().unhealthy()).isEmpty();
    }

    /**
     * Text the database cannot store or that is not Unicode, in any string field of a valid body, is refused: it
     * would otherwise be a 500 at a lookup or an event no read model can store.
     */
    @Test
    void aNulOrAnUnpairedSurrogateInAnyTextFieldIsRefused() {
        long before = storedEvents();
        List<String> wrong = new ArrayList<>();
        for (EdgeProbe.Endpoint endpoint : withBodies()) {
            for (HostileInputs.Case bad : HostileInputs.everyTextFieldAs(endpoint.exampleBody(),
                    List.of("E10\\u000030", "a\\ud800b"))) {
                EdgeProbe.Answer answer = probe().send(endpoint.method(), endpoint.path(),
                        headers(endpoint, bad.body()), bad.body());
                EdgeProbe.notARefusal(answer).forEach(problem -> wrong.add(endpoint + " " + bad + ": " + problem));
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(storedEvents()).as("events stored for refused input").isEqualTo(before);
    }

    @Test
    void hostileValuesInPathsAndQueriesAreRefusedOrAnswered() {
        List<String> wrong = new ArrayList<>();
        List<String> values = List.of("%00", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%ED%A0%80", "%E2%80%AE%27%20OR%201=1",
                "x".repeat(1000), "%ff");
        for (EdgeProbe.Endpoint endpoint : endpoints().values()) {
            for (String value : values) {
                if (endpoint.method().equals("GET")) {
                    String path = endpoint.path() + (endpoint.path().contains("?") ? "&" : "?") + "status=" + value
                            + "&page=" + value + "&size=" + value + "&employeeId=" + value;
                    EdgeProbe.Answer answer = probe().send("GET", path, headers(endpoint, null), null);
                    EdgeProbe.notAcceptedOrRefused(answer).forEach(problem -> wrong.add(path + ": " + problem));
                }
                if (endpoint.path().matches(".*/[A-Z]+-[^/]+(/.*)?$")) {
                    String replaced = endpoint.path().replaceFirst("/[A-Z]+-[^/?]+", "/" + value);
                    EdgeProbe.Answer other = probe().send(endpoint.method(), replaced,
                            headers(endpoint, body(endpoint)), body(endpoint));
                    EdgeProbe.notAcceptedOrRefused(other).forEach(problem -> wrong.add(replaced + ": " + problem));
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(probe().unhealthy()).isEmpty();
    }

    @Test
    void aWrongContentTypeIsRefused() {
        List<String> wrong = new ArrayList<>();
        Map<String, java.util.Set<String>> declared = EdgeProbe.declaredConsumes(context());
        for (Map.Entry<String, EdgeProbe.Endpoint> entry : endpoints().entrySet()) {
            EdgeProbe.Endpoint endpoint = entry.getValue();
            if (endpoint.exampleBody() == null) {
                continue;
            }
            for (String type : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x")) {
                if (declared.getOrDefault(entry.getKey(), java.util.Set.of()).contains(type.split(";")[0])) {
                    continue; // the endpoint reads this type too (a policy as text/plain YAML)
                }
                Map<String, String> headers = new HashMap<>(headers(endpoint, body(endpoint)));
                headers.put("Content-Type", type);
                EdgeProbe.Answer answer = probe().send(endpoint.method(), endpoint.path(), headers,
                        endpoint.exampleBody().getBytes(StandardCharsets.UTF_8));
                EdgeProbe.notARefusal(answer).forEach(problem -> wrong.add(endpoint + " as " + type + ": " + problem));
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * A body announced as 1 GB is answered 413 at once, with none of it sent: the service refused it before reading
     * (it would otherwise wait for the bytes, or buffer them).
     */
    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() throws IOException {
        for (EdgeProbe.Endpoint endpoint : withBodies()) {
            String status = rawStatusLine(endpoint, "Content-Length: 1073741824\r\n");
            assertThat(status).as(endpoint.toString()).contains(" 413");
        }
    }

    /** Over the HTTP server's limits (a 64 KiB header, an 8 KiB request line) the server's own 4xx, no harm. */
    @Test
    void hugeHeadersAndRequestLinesAreRefusedWithoutHarm() {
        EdgeProbe.Endpoint endpoint = endpoints().values().iterator().next();
        Map<String, String> headers = new HashMap<>(headers(endpoint, body(endpoint)));
        headers.put("X-Huge", "x".repeat(64 * 1024));
        EdgeProbe.Answer answer = probe().send(endpoint.method(), endpoint.path(), headers, body(endpoint));
        assertThat(answer.status()).as("a 64 KiB header").isBetween(400, 499);
        EdgeProbe.Answer longLine = probe().send(endpoint.method(), endpoint.path() + "?q=" + "x".repeat(8192),
                headers(endpoint, body(endpoint)), body(endpoint));
        assertThat(longLine.status()).as("an 8 KiB request line").isBetween(400, 499);
        assertThat(probe().unhealthy()).isEmpty();
    }

    /** What Spring Security sets plus this suite's CSP and referrer policy, on answers and refusals alike. */
    @Test
    void securityHeadersAreOnEveryAnswer() {
        List<String> wrong = new ArrayList<>();
        List<EdgeProbe.Answer> answers = new ArrayList<>();
        answers.add(probe().send("GET", "/actuator/health", Map.of(), null));
        for (EdgeProbe.Endpoint endpoint : endpoints().values()) {
            answers.add(probe().send(endpoint.method(), endpoint.path(), json(), body(endpoint)));
        }
        Map<String, String> expected = Map.of("X-Content-Type-Options", "nosniff", "X-Frame-Options", "DENY",
                "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'", "Referrer-Policy",
                "no-referrer", "Cache-Control", "no-store");
        for (EdgeProbe.Answer answer : answers) {
            expected.forEach((name, value) -> {
                String actual = answer.header(name);
                if (actual == null || !actual.contains(value)) {
                    wrong.add(answer.status() + " " + name + ": " + actual);
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    /** Deliveries past the bucket get 429 with {@code Retry-After}, before any signature is checked. */
    @Test
    void webhookEndpointsAreRateLimited() {
        List<EdgeProbe.Endpoint> webhooks = endpoints().values().stream().filter(EdgeSuite::isWebhook).toList();
        for (EdgeProbe.Endpoint webhook : webhooks) {
            List<EdgeProbe.Answer> answers = new ArrayList<>();
            for (int i = 0; i < 400 && answers.stream().noneMatch(a -> a.status() == 429); i++) {
                answers.add(probe().send(webhook.method(), webhook.path(), json(), body(webhook)));
            }
            EdgeProbe.Answer limited = answers.get(answers.size() - 1);
            assertThat(limited.status()).as(webhook + " after " + answers.size() + " deliveries").isEqualTo(429);
            assertThat(limited.header("Retry-After")).matches("[1-9][0-9]*");
            assertThat(EdgeProbe.notARefusal(limited)).isEmpty();
            assertThat(answers.stream().map(EdgeProbe.Answer::status).filter(s -> s >= 500)
                    .collect(Collectors.toList())).isEmpty();
        }
    }

    /**
     * Paths under the webhook prefixes that resolve to no webhook share one bucket per client: keyed by the raw path,
     * each had a fresh bucket, and about 10,000 of them cleared every bucket, a spent one included. Counted on the
     * running service's limiter (the number of its buckets), not by waiting for a 429, which a loaded machine's slow
     * sending outruns by the refill.
     */
    @Test
    void unknownWebhookPathsShareOneRateLimitBucket() {
        io.accessledger.web.EdgeLimits limits = context().getBean(io.accessledger.web.EdgeLimits.class);
        int before = limits.buckets();
        for (int i = 0; i < 50; i++) {
            EdgeProbe.Answer answer = probe().send("POST", (i % 2 == 0 ? "/webhooks/junk-" : "/integrations/junk-")
                    + i, json(), "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).as("junk path " + i).isIn(404, 429);
        }
        assertThat(limits.buckets() - before).as("buckets made by 50 junk paths of one client").isLessThanOrEqualTo(1);
    }

    private List<EdgeProbe.Endpoint> withBodies() {
        return endpoints().values().stream().filter(e -> e.exampleBody() != null).toList();
    }

    private Map<String, String> headers(EdgeProbe.Endpoint endpoint, byte[] body) {
        Map<String, String> headers = new HashMap<>(json());
        headers.putAll(credentials(endpoint, body == null ? new byte[0] : body));
        return headers;
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json", "Accept", "application/json, application/problem+json");
    }

    private static byte[] body(EdgeProbe.Endpoint endpoint) {
        return endpoint.exampleBody() == null ? null : endpoint.exampleBody().getBytes(StandardCharsets.UTF_8);
    }

    private String rawStatusLine(EdgeProbe.Endpoint endpoint, String extraHeaders) throws IOException {
        java.net.URI uri = java.net.URI.create(baseUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder(endpoint.method() + " " + endpoint.path() + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + "\r\nContent-Type: application/json\r\n" + extraHeaders);
            headers(endpoint, body(endpoint)).forEach((name, value) -> {
                if (!name.equals("Content-Type")) {
                    request.append(name).append(": ").append(value).append("\r\n");
                }
            });
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString().trim();
        }
    }
}
