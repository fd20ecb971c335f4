package io.accessledger.web.hostile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Sends what a hostile or careless client sends to a running service, and says what is wrong with the answer. The
 * rules every refusal keeps (docs/CONTRACT.md "Errors"): a 4xx, never a 5xx, as RFC 9457 problem+json, with no stack
 * trace or exception text, and the service still healthy afterwards. Each service's edge test lists its endpoints
 * next to its controllers; {@link #unlisted} fails that test when a mapped endpoint is missing from the list.
 */
public final class EdgeProbe {
    /** Text that only a leaked stack trace or exception message would carry. */
    private static final Pattern LEAK = Pattern.compile(
            "\\bat (io|org|java|jdk|com|reactor)\\.[\\w.$]+\\(|Exception[:\\s]|\\bCaused by\\b|\\.java:\\d+|SQLState"
                    + "|org\\.postgresql|com\\.fasterxml|tools\\.jackson");
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public EdgeProbe(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One endpoint of a service: its method and path (with sample ids), and a valid example body (or null). */
    public record Endpoint(String method, String path, String exampleBody) {
        /** The mapping it covers: {@code POST /api/v1/access-requests/{requestId}/withdrawal}. */
        public String mapping(String template) {
            return method + " " + template;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** What came back. */
    public record Answer(int status, String contentType, String body, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    public Answer send(String method, String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    new String(response.body(), StandardCharsets.UTF_8), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " could not be sent: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What is wrong with an answer to a request that must be refused: empty when it is a proper 4xx problem. */
    public static List<String> notARefusal(Answer answer) {
        List<String> wrong = new ArrayList<>();
        if (answer.status() < 400 || answer.status() >= 500) {
            wrong.add("status " + answer.status() + " (a refusal is 4xx)");
        }
        wrong.addAll(notAProblem(answer));
        return wrong;
    }

    /**
     * What is wrong with an answer to a request that may be accepted or refused (a generated mutation can still be
     * valid): never a 5xx, and a refusal is a proper problem.
     */
    public static List<String> notAcceptedOrRefused(Answer answer) {
        if (answer.status() >= 500) {
            return List.of("status " + answer.status() + " for a client's input: " + abbreviate(answer.body()));
        }
        return answer.status() >= 400 ? notAProblem(answer) : List.of();
    }

    private static List<String> notAProblem(Answer answer) {
        List<String> wrong = new ArrayList<>();
        if (!answer.contentType().startsWith("application/problem+json")) {
            wrong.add("content type '" + answer.contentType() + "' (a refusal is application/problem+json)");
        } else if (!answer.body().contains("\"status\":" + answer.status())
                || !answer.body().contains("\"type\":\"urn:accessledger:problem:")) {
            wrong.add("a problem without its type or status: " + abbreviate(answer.body()));
        }
        if (LEAK.matcher(answer.body()).find()) {
            wrong.add("exception or stack trace text in the answer: " + abbreviate(answer.body()));
        }
        return wrong;
    }

    /** Health still UP: the service survived what it was sent. */
    public List<String> unhealthy() {
        Answer health = send("GET", "/actuator/health", Map.of(), null);
        return health.status() == 200 && health.body().contains("\"status\":\"UP\"") ? List.of()
                : List.of("health after the probes: " + health.status() + " " + abbreviate(health.body()));
    }

    /** Every mapped endpoint of the application as {@code METHOD /path/{template}}. */
    public static Set<String> mappedEndpoints(ApplicationContext context) {
        Set<String> mapped = new TreeSet<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class).values()
                .forEach(mapping -> mapping.getHandlerMethods().keySet().forEach(info -> info.getPatternsCondition()
                        .getPatterns().forEach(pattern -> info.getMethodsCondition().getMethods()
                                .forEach(method -> mapped.add(method.name() + " " + pattern.getPatternString())))));
        return mapped;
    }

    /** The content types each mapping declares it reads ({@code consumes}), by {@code METHOD /path}. */
    public static Map<String, Set<String>> declaredConsumes(ApplicationContext context) {
        Map<String, Set<String>> declared = new java.util.HashMap<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class).values()
                .forEach(mapping -> mapping.getHandlerMethods().keySet().forEach(info -> info.getPatternsCondition()
                        .getPatterns().forEach(pattern -> info.getMethodsCondition().getMethods()
                                .forEach(method -> declared.put(method.name() + " " + pattern.getPatternString(),
                                        info.getConsumesCondition().getConsumableMediaTypes().stream()
                                                .map(type -> type.getType() + "/" + type.getSubtype())
                                                .collect(java.util.stream.Collectors.toSet()))))));
        return declared;
    }

    /** The mapped endpoints the list does not cover: a test fails on them, so a new endpoint cannot slip through. */
    public static Set<String> unlisted(ApplicationContext context, Collection<String> listed) {
        Set<String> missing = new TreeSet<>(mappedEndpoints(context));
        missing.removeAll(listed);
        return missing;
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
