package io.accessledger.console;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each service lives ({@code accessledger.console.services.request=http://127.0.0.1:8081} ...), the largest body
 * the gateway forwards, and the demo directory the local sign-in offers.
 */
@ConfigurationProperties("accessledger.console")
public record ConsoleProperties(Map<String, URI> services, Integer maxBodyBytes, String directoryFile,
                                String devJwtSecret) {

    /** Which service owns which API prefix; the browser only ever sees the console's one address. */
    static final Map<String, List<String>> PREFIXES = prefixes();

    public ConsoleProperties {
        services = services == null ? Map.of() : Map.copyOf(services);
        maxBodyBytes = maxBodyBytes == null ? 64 * 1024 : maxBodyBytes;
        directoryFile = directoryFile == null ? "deploy/demo/directory.json" : directoryFile;
    }

    private static Map<String, List<String>> prefixes() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("request", List.of("/api/v1/access-requests", "/api/v1/audit", "/api/v1/directory"));
        m.put("policy", List.of("/api/v1/policy"));
        m.put("approval", List.of("/api/v1/approvals"));
        m.put("provisioning", List.of("/api/v1/fulfilment-tasks", "/api/v1/grants", "/api/v1/reconciliations"));
        m.put("review", List.of("/api/v1/reviews"));
        return Map.copyOf(m);
    }

    /** The base URL of the service that owns the path, if any service owns it. */
    Optional<URI> route(String path) {
        return PREFIXES.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/")))
                .map(e -> services.get(e.getKey()))
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }
}
