package io.accessledger.provisioning.connectors.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.Connector.Result;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.provisioning.connectors.http.FakeHttpServer.Request;
import io.accessledger.spine.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real {@link EntraConnector} against {@link GraphFake}, an Entra ID tenant's token endpoint and Graph. */
class EntraConnectorTest {
    private static final String TENANT = "8f1c2d3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f";
    private static final String CLIENT = "0b7e9a41-2c3d-4e5f-8a9b-1c2d3e4f5a6b";
    private static final String SECRET = "Xy8Q~client-secret-value";
    private static final Entitlement READ = Entitlement.parse("finance-app:read");
    private static final Entitlement ADMIN = Entitlement.parse("finance-app:admin");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private GraphFake graph;
    private EntraConnector connector;
    private String alice;
    private String bruno;
    private String readers;

    @BeforeEach
    void startTenant() {
        graph = new GraphFake(clock, TENANT, CLIENT, SECRET);
        alice = graph.addUser("alice.moreau@example.com");
        bruno = graph.addUser("bruno.keller@example.com");
        readers = graph.addGroup("Finance Readers");
        connector = new EntraConnector(clock);
    }

    @AfterEach
    void stopTenant() {
        graph.close();
    }

    private TargetSettings target(String clientSecret) {
        return new TargetSettings("entra-prod", "entra", null, null, null, null, null, TENANT, CLIENT, clientSecret,
                graph.baseUrl(), graph.baseUrl() + "/v1.0",
                Map.of("finance-app:read", readers, "finance-app:admin", "5f2c1e0a-0000-4000-8000-999999999999"),
                Duration.ofSeconds(2), null);
    }

    private static Assignment assignment(String login, Entitlement entitlement) {
        return new Assignment(GrantId.of("G-1"), EmployeeId.of("E1001"), login, "Alice Moreau", entitlement, null);
    }

    private ConnectorFailure failureOf(Runnable call) {
        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class, call::run);
        assertThat(failure).as("a ConnectorFailure").isNotNull();
        return failure;
    }

    @Test
    void addsTheExistingUserToTheMappedGroup() throws Exception {
        Result result = connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET));

        assertThat(result).isEqualTo(new Result.Done("entra:" + readers + "/" + alice));
        assertThat(graph.members(readers)).containsExactly(alice);
        assertThat(graph.requestLines()).containsExactly("POST /" + TENANT + "/oauth2/v2.0/token",
                "GET /v1.0/users/alice.moreau@example.com", "GET /v1.0/groups/" + readers,
                "POST /v1.0/groups/" + readers + "/members/$ref");
        Request add = graph.requests().get(3);
        assertThat(new ObjectMapper().readTree(add.body()).path("@odata.id").asText())
                .isEqualTo(graph.baseUrl() + "/v1.0/directoryObjects/" + alice);
        assertThat(graph.requests().subList(1, 4)).allSatisfy(r -> assertThat(r.authorization()).startsWith("Bearer "));
        assertThat(graph.requests().get(0).body()).contains("grant_type=client_credentials")
                .contains("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default").contains("client_id=" + CLIENT);
    }

    @Test
    void grantingTwiceLeavesOneMembershipAndIsDoneBothTimes() {
        Result first = connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET));
        Result second = connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET));

        assertThat(second).isEqualTo(first).isInstanceOf(Result.Done.class);
        assertThat(graph.members(readers)).containsExactly(alice);
        assertThat(graph.requestLines()).filteredOn(line -> line.endsWith("/members/$ref")).hasSize(2);
    }

    @Test
    void revokeRemovesOnlyThatMember() {
        graph.addMember(readers, alice);
        graph.addMember(readers, bruno);

        Result result = connector.revoke(assignment("alice.moreau@example.com", READ), target(SECRET));

        assertThat(result).isEqualTo(new Result.Done("entra:" + readers + "/" + alice));
        assertThat(graph.members(readers)).containsExactly(bruno);
        assertThat(graph.requestLines()).filteredOn(line -> line.startsWith("DELETE"))
                .containsExactly("DELETE /v1.0/groups/" + readers + "/members/" + alice + "/$ref");
    }

    @Test
    void revokingSomeoneWhoIsNotAMemberIsDone() {
        graph.addMember(readers, bruno);

        Result result = connector.revoke(assignment("alice.moreau@example.com", READ), target(SECRET));

        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(graph.members(readers)).containsExactly(bruno);
    }

    @Test
    void removingAMemberByItsObjectIdDeletesOnlyThatMemberRef() {
        graph.addMember(readers, alice);
        graph.addMember(readers, bruno);

        Result result = connector.removeMember(target(SECRET), READ,
                new Connector.Member(bruno, "bruno.keller@example.com"));

        assertThat(result).isEqualTo(new Result.Done("entra:" + readers + "/" + bruno));
        assertThat(graph.members(readers)).containsExactly(alice);
        assertThat(graph.requestLines()).filteredOn(line -> line.startsWith("DELETE"))
                .containsExactly("DELETE /v1.0/groups/" + readers + "/members/" + bruno + "/$ref");
        assertThat(graph.requestLines()).noneMatch(line -> line.startsWith("GET /v1.0/users"));
    }

    @Test
    void removingAMemberWhoIsAlreadyGoneIsDone() {
        graph.addMember(readers, alice);

        Result result = connector.removeMember(target(SECRET), READ, new Connector.Member(bruno, null));

        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(graph.members(readers)).containsExactly(alice);
    }

    @Test
    void a429WhileRemovingAMemberIsTransientWithGraphsRetryAfter() {
        graph.addMember(readers, bruno);
        graph.throttleNext(1, 9);

        ConnectorFailure failure = failureOf(() -> connector.removeMember(target(SECRET), READ,
                new Connector.Member(bruno, "bruno.keller@example.com")));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(9));
        assertThat(graph.members(readers)).containsExactly(bruno);
    }

    @Test
    void anUnknownUserIsAPermanentFailureWithGraphsAnswer() {
        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("nobody@example.com", READ), target(SECRET)));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("nobody@example.com").contains("Request_ResourceNotFound")
                .contains("does not exist");
        assertThat(graph.requestLines()).noneMatch(line -> line.endsWith("$ref"));
    }

    @Test
    void anUnknownGroupIsAPermanentFailure() {
        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("alice.moreau@example.com", ADMIN), target(SECRET)));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("no group 5f2c1e0a-0000-4000-8000-999999999999")
                .contains("Request_ResourceNotFound");
        assertThat(graph.requestLines()).noneMatch(line -> line.endsWith("$ref"));
    }

    @Test
    void anUnmappedEntitlementIsAPermanentFailureWithoutCallingEntra() {
        ConnectorFailure failure = failureOf(() -> connector.grant(
                assignment("alice.moreau@example.com", Entitlement.parse("payroll:read")), target(SECRET)));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("maps no group for payroll:read");
        assertThat(graph.requests()).isEmpty();
    }

    @Test
    void aWrongClientSecretIsAPermanentFailureThatDoesNotRevealTheSecret() {
        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("alice.moreau@example.com", READ), target("wrong-secret-value")));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("invalid_client").contains("AADSTS7000215")
                .doesNotContain("wrong-secret-value").doesNotContain(SECRET).doesNotContain("Trace ID");
        assertThat(failure.getMessage()).doesNotContain("wrong-secret-value");
        assertThat(graph.requestLines()).containsExactly("POST /" + TENANT + "/oauth2/v2.0/token");
    }

    @Test
    void a429IsTransientWithGraphsRetryAfter() {
        graph.throttleNext(1, 7);

        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET)));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(failure.answer()).contains("TooManyRequests").contains("HTTP 429");
        assertThat(graph.members(readers)).isEmpty();
    }

    @Test
    void theTargetDownIsTransientAndOnceBackTheGrantIsDoneExactlyOnce() {
        graph.stop();

        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET)));
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.answer()).contains("unreachable").doesNotContain(SECRET);

        graph.start();
        Result result = connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET));

        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(graph.members(readers)).containsExactly(alice);
        assertThat(graph.requestLines()).filteredOn(line -> line.endsWith("/members/$ref")).hasSize(1);
    }

    @Test
    void theTokenIsFetchedOnceAndReused() {
        connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET));
        connector.grant(assignment("bruno.keller@example.com", READ), target(SECRET));
        connector.revoke(assignment("alice.moreau@example.com", READ), target(SECRET));

        assertThat(graph.tokensIssued()).isEqualTo(1);
        assertThat(graph.members(readers)).containsExactly(bruno);
    }

    @Test
    void theTokenIsFetchedAgainShortlyBeforeItExpires() {
        connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET));
        clock.advance(Duration.ofMinutes(50));
        connector.grant(assignment("bruno.keller@example.com", READ), target(SECRET));
        assertThat(graph.tokensIssued()).isEqualTo(1);

        // 58 minutes in: the 3599 s token would still pass, but it is about to expire.
        clock.advance(Duration.ofMinutes(8));
        connector.revoke(assignment("alice.moreau@example.com", READ), target(SECRET));

        assertThat(graph.tokensIssued()).isEqualTo(2);
        assertThat(graph.members(readers)).containsExactly(bruno);
    }

    @Test
    void aRefusedTokenIsFetchedAgainAndTheCallSucceeds() {
        connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET));
        graph.invalidateTokens();

        Result result = connector.grant(assignment("bruno.keller@example.com", READ), target(SECRET));

        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(graph.tokensIssued()).isEqualTo(2);
        assertThat(graph.members(readers)).containsExactly(alice, bruno);
    }

    @Test
    void aTokenIsFetchedAgainAtMostOncePerCall() {
        graph.refuseTokens(true);

        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("alice.moreau@example.com", READ), target(SECRET)));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("InvalidAuthenticationToken").contains("HTTP 401");
        assertThat(graph.tokensIssued()).isEqualTo(2);
        assertThat(graph.requestLines()).filteredOn(line -> line.startsWith("GET /v1.0/users/")).hasSize(2);
    }

    @Test
    void readsTheGroupsUserMembersPageByPageFollowingTheNextLink() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < EntraConnector.PAGE_SIZE + 20; i++) {
            String upn = "member" + i + "@example.com";
            graph.addMember(readers, graph.addUser(upn));
            expected.add(upn);
        }

        List<String> upns = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            Connector.MembersPage page = connector.members(target(SECRET), READ, cursor);
            page.members().forEach(member -> upns.add(member.userName()));
            cursor = page.next();
            pages++;
        } while (cursor != null);

        assertThat(upns).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(2);
        assertThat(graph.requests()).filteredOn(r -> r.path().endsWith("/members/microsoft.graph.user"))
                .extracting(r -> r.params().get("$skiptoken")).hasSize(2).first().isNull();
    }

    @Test
    void aThrottledMemberReadIsTransientWithGraphsRetryAfterAndTheSamePageReadsLater() {
        graph.addMember(readers, alice);
        graph.throttleNext(1, 9);

        ConnectorFailure failure = failureOf(() -> connector.members(target(SECRET), READ, null));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(9));
        assertThat(connector.members(target(SECRET), READ, null).members())
                .containsExactly(new Connector.Member(alice, "alice.moreau@example.com"));
    }

    @Test
    void readingAGroupThatIsNotThereIsAPermanentFailureWithGraphsAnswer() {
        ConnectorFailure failure = failureOf(() -> connector.members(target(SECRET), ADMIN, null));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("Request_ResourceNotFound").doesNotContain(SECRET);
    }
}
