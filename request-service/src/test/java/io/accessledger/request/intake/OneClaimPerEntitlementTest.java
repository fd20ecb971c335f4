package io.accessledger.request.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.request.timeline.RequestView;
import io.accessledger.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Two submissions for one beneficiary and entitlement seconds apart, while the views the door reads know of neither
 * (they run seconds behind the topics): the intake, its door and its claims on a real PostgreSQL, the first
 * submission's command held until the second has reached the database.
 */
class OneClaimPerEntitlementTest {
    private static final EmployeeId ADA = EmployeeId.of("E1001");
    private static final Entitlement VPN = Entitlement.parse("vpn:user");
    private static final JwtAuthenticationToken CALLER = new JwtAuthenticationToken(Jwt.withTokenValue("t")
            .header("alg", "none").subject(ADA.value()).claim("roles", List.of("EMPLOYEE")).build());
    private static final PolicyDocument POLICY = new PolicyDocument("3",
            List.of(new PolicyDocument.Resource("vpn", "VPN", "okta-scim", "E1040", Sensitivity.LOW, List.of(),
                    List.of(new PolicyDocument.Level("user", false)), null)),
            List.of(), List.of(), Map.of(), Map.of(), new PolicyDocument.AutoApprove(Sensitivity.LOW));
    private static final EmployeeProfile ADA_PROFILE = new EmployeeProfile(ADA, "Ada", "ada@example.com",
            "Engineering", "Engineer", null, null, EmploymentStatus.ACTIVE, null, null, true);
    private static final IntakeController.SubmitBody BODY = new IntakeController.SubmitBody(null, "vpn", "user",
            "Investigate billing incident INC-42 in production", null, null, null);

    private JdbcTemplate jdbc;
    private RequestClaimStore claims;
    private IntakeDoor door;
    private DriverManagerDataSource db;
    private RequestView requests;

    @BeforeEach
    void setUp() {
        db = new DriverManagerDataSource(LocalPostgres.freshDatabaseUrl("request_claims"), "postgres", "");
        Flyway.configure().dataSource(db).locations("classpath:db/migration/request-service").load().migrate();
        jdbc = new JdbcTemplate(db);
        claims = new RequestClaimStore(jdbc);
        DirectoryView directory = mock(DirectoryView.class);
        when(directory.find(ADA)).thenReturn(Optional.of(ADA_PROFILE));
        PolicyInForceView catalog = mock(PolicyInForceView.class);
        when(catalog.current()).thenReturn(Optional.of(POLICY));
        // the lagging views: neither submission is in them yet
        HoldingsView holdings = mock(HoldingsView.class);
        when(holdings.held(any())).thenReturn(Map.of());
        requests = mock(RequestView.class);
        when(requests.inFlight(any(), any())).thenReturn(Optional.empty());
        door = new IntakeDoor(directory, catalog, holdings, requests, claims,
                Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void theSecondOfTwoRacingSubmissionsIsRefusedAsAlreadyRequestedNamingTheFirst() throws Exception {
        RacingSubmissions racing = new RacingSubmissions(door, db);
        // the second waits for the first's transaction on the claim's row (or, before, went ahead alone)
        CompletableFuture<ResponseEntity<IntakeController.Submitted>>[] answers = racing.race(
                intake -> intake.submit(BODY, "key-1", CALLER).block(),
                intake -> intake.submit(BODY, "key-2", CALLER).block());
        CompletableFuture<ResponseEntity<IntakeController.Submitted>> first = answers[0];
        CompletableFuture<ResponseEntity<IntakeController.Submitted>> second = answers[1];

        String firstRequest = first.get(30, TimeUnit.SECONDS).getBody().requestId();
        assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status().value()).isEqualTo(409);
                    assertThat(problem.slug()).isEqualTo("alreadyRequested");
                    assertThat(problem.getMessage()).contains(firstRequest);
                });
        verify(racing.commands, times(1)).sendAndWait(any());
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key", Integer.class)).isEqualTo(1);
    }

    @Test
    void aClaimReleasedWhenItsRequestIsWithdrawnLetsTheEntitlementBeRequestedAgain() {
        RequestId first = RequestId.of("R-claim-1");
        door.checked(first, null, io.accessledger.web.Caller.of(CALLER), null, "vpn", "user",
                BODY.justification(), null, null, RequestSource.PORTAL);
        assertThatThrownBy(() -> door.checked(RequestId.of("R-claim-2"), null, io.accessledger.web.Caller.of(CALLER),
                null, "vpn", "user", BODY.justification(), null, null, RequestSource.PORTAL))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.slug()).isEqualTo("alreadyRequested"));

        new RequestClaims(claims).handle(new RequestWithdrawn(EventId.of("ev-w"), first, ADA,
                WithdrawalReason.byRequester("not needed"), Instant.parse("2026-12-07T10:01:00Z")), null);

        assertThat(door.checked(RequestId.of("R-claim-3"), null, io.accessledger.web.Caller.of(CALLER), null, "vpn",
                "user", BODY.justification(), null, null, RequestSource.PORTAL).requestId())
                .isEqualTo(RequestId.of("R-claim-3"));
    }

    @Test
    void aBirthrightRequestRacingAPortalRequestIsRefusedSoTheJoinerSkipsIt() {
        door.checked(RequestId.of("R-portal-1"), null, io.accessledger.web.Caller.of(CALLER), null, "vpn", "user",
                BODY.justification(), null, null, RequestSource.PORTAL);

        assertThatThrownBy(() -> door.checkedOnBehalf(RequestId.of("R-joiner-1"), EmployeeId.of("accessledger-hris"),
                ADA_PROFILE, VPN, "Birthright access", RequestSource.HRIS_JOINER, EventId.of("ev-j")))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.slug()).isEqualTo("alreadyRequested"));
        // the same birthright request again (a redelivered hire) is its own claim, not another's
        assertThat(claims.claim(ADA, Entitlement.parse("vpn:admin"), RequestId.of("R-joiner-2"),
                Instant.parse("2026-12-07T10:00:00Z"), requests::ended)).isEmpty();
        assertThat(claims.claim(ADA, Entitlement.parse("vpn:admin"), RequestId.of("R-joiner-2"),
                Instant.parse("2026-12-07T10:00:05Z"), requests::ended)).isEmpty();
    }

    @Test
    void aClaimWhoseRequestTheTimelineHasSeenDeniedIsTakenOverBeforeItsReleaseArrives() {
        door.checked(RequestId.of("R-denied-1"), null, io.accessledger.web.Caller.of(CALLER), null, "vpn", "user",
                BODY.justification(), null, null, RequestSource.PORTAL);
        when(requests.ended("R-denied-1")).thenReturn(true);

        assertThat(door.checked(RequestId.of("R-again-1"), null, io.accessledger.web.Caller.of(CALLER), null, "vpn",
                "user", BODY.justification(), null, null, RequestSource.PORTAL).requestId())
                .isEqualTo(RequestId.of("R-again-1"));
        assertThat(jdbc.queryForList("select request_id from request_claim", String.class))
                .containsExactly("R-again-1");
    }
}
