package io.accessledger.request.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.infra.LocalPostgres;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A submission retried with the same {@code Idempotency-Key} while the first is still being recorded (the client
 * timed out and sent it again): the intake and its key store on a real PostgreSQL, the first submission's command held
 * until the retry has reached the database.
 */
class IdempotentSubmissionTest {
    private static final EmployeeId ADA = EmployeeId.of("E1001");
    private static final JwtAuthenticationToken CALLER = new JwtAuthenticationToken(Jwt.withTokenValue("t")
            .header("alg", "none").subject(ADA.value()).claim("roles", List.of("EMPLOYEE")).build());

    @Test
    void aRetryWhileTheFirstSubmissionIsBeingRecordedAnswersTheFirstRequestAndSubmitsNothing() throws Exception {
        String url = LocalPostgres.freshDatabaseUrl("request_idempotency");
        DriverManagerDataSource db = new DriverManagerDataSource(url, "postgres", "");
        Flyway.configure().dataSource(db).locations("classpath:db/migration/request-service").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        IntakeDoor door = mock(IntakeDoor.class);
        when(door.checked(any(), any(), any(), any(), any(), any(), any(), any(), any(), any())).thenAnswer(call ->
                new AccessRequest.SubmitAccessRequest(call.getArgument(0), null, ADA, ADA, "vpn", "user",
                        "Remote work from home", null, null, RequestSource.PORTAL, false, List.of(),
                        EventId.of("ev-" + call.getArgument(0)), Instant.parse("2026-12-07T10:00:00Z")));
        RacingSubmissions racing = new RacingSubmissions(door, db);
        IntakeController.SubmitBody body = new IntakeController.SubmitBody(null, "vpn", "user",
                "Remote work from home", null, null, null);

        // the retry waits for the first submission's transaction on the key's row (or, before, went ahead alone)
        CompletableFuture<ResponseEntity<IntakeController.Submitted>>[] answers = racing.race(
                intake -> intake.submit(body, "key-1", CALLER).block(),
                intake -> intake.submit(body, "key-1", CALLER).block());
        CompletableFuture<ResponseEntity<IntakeController.Submitted>> first = answers[0];
        CompletableFuture<ResponseEntity<IntakeController.Submitted>> retry = answers[1];

        ResponseEntity<IntakeController.Submitted> again = retry.get(30, TimeUnit.SECONDS);
        String requestId = first.get(30, TimeUnit.SECONDS).getBody().requestId();
        assertThat(again.getStatusCode().value()).isEqualTo(202);
        assertThat(again.getBody().requestId()).isEqualTo(requestId);
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key", Integer.class)).isEqualTo(1);
        verify(racing.commands, times(1)).sendAndWait(any());
    }
}
