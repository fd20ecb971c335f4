package io.accessledger.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * What the HTTP edge observes: each call's {@code http.server.requests} (Boot's WebFlux observation, the
 * {@code http_server_requests_seconds} timer on {@code /actuator/prometheus}), and not Spring Security's own
 * observations. With an observation registry present Spring Security observed its filter chain before and after the
 * call's handling ({@code spring.security.filterchains}, twice), its authorization
 * ({@code spring.security.authorizations}) and the secured request ({@code spring.security.http.secured.requests}):
 * four observations a call besides the call's own, each with its key values, a timer and a long-task timer, which no
 * dashboard, alert or document reads (docs/BENCHMARKS.md, "Fifteenth round"). A refused call is still counted: its
 * status is on {@code http.server.requests}, and its log line names why ({@link EdgeSecurity}).
 */
@AutoConfiguration
public class EdgeObservations {

    /** Spring Security's web configuration reads this: no filter chain, authentication or authorization observed. */
    @Bean
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
