package io.accessledger.web;

import io.accessledger.infra.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** How failures that are not the client's become problem+json: a database out of reach is 503, not 500. */
class ProblemHandlerTest {
    @RestController
    static class Reads {
        private final JdbcTemplate jdbc;

        Reads(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @GetMapping("/count")
        Integer count() {
            return jdbc.queryForObject("select 1", Integer.class);
        }

        @GetMapping("/broken")
        Integer broken() {
            throw new IllegalStateException("a bug");
        }
    }

    @Test
    void aDatabaseThatWentAwayIsAnsweredServiceUnavailableWithRetryAfterNotInternalError() {
        PGSimpleDataSource gone = new PGSimpleDataSource();
        try (LocalPostgres postgres = LocalPostgres.temporary()) {
            gone.setURL(postgres.jdbcUrl("postgres"));
        } // stopped: every connection to it is now refused, as while PostgreSQL restarts
        gone.setUser("postgres");
        gone.setConnectTimeout(2);

        client(new Reads(new JdbcTemplate(gone))).get().uri("/count").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:accessledger:problem:database-unavailable")
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void aBugIsStillAnInternalErrorWithoutRetryAfter() {
        client(new Reads(null)).get().uri("/broken").exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.type").isEqualTo("urn:accessledger:problem:internal");
    }

    private static WebTestClient client(Reads controller) {
        return WebTestClient.bindToController(controller).controllerAdvice(new ProblemHandler()).build();
    }
}
