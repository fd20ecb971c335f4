package io.accessledger.provisioning.connectors.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.Connector.Result;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.TargetSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real {@link ScimConnector} (UnboundID SCIM 2 SDK client) against {@link ScimPeer}, an independent SCIM 2.0
 * server (Captain-P-Goldfish SCIM-SDK) on a real port.
 */
class ScimConnectorTest {
    private static final String TOKEN = "s3cr3t-scim-token";
    private static final String READERS = "Finance Readers";
    private static final Entitlement FINANCE_READ = Entitlement.parse("finance-app:read");
    private static final String ADA = "ada.lovelace@example.com";
    private static final String GRACE = "grace.hopper@example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScimPeer peer;
    private final ScimConnector connector = new ScimConnector();

    @BeforeEach
    void startPeer() {
        peer = ScimPeer.start(0, TOKEN);
        peer.createGroup(READERS);
        peer.createGroup("Finance Editors");
    }

    @AfterEach
    void stopPeer() {
        peer.stop();
        connector.close();
    }

    private TargetSettings target(ScimDialect dialect) {
        return target(dialect, TOKEN, Map.of(FINANCE_READ.toString(), READERS));
    }

    private TargetSettings target(ScimDialect dialect, String token, Map<String, String> groups) {
        return new TargetSettings("acme-scim", "scim", peer.baseUrl(), token, dialect.name().toLowerCase(), null,
                null, null, null, null, null, null, groups, Duration.ofSeconds(3), null);
    }

    private static Assignment assignment(String employeeId, String login, String displayName) {
        return new Assignment(GrantId.of("G-" + employeeId), EmployeeId.of(employeeId), login, displayName,
                FINANCE_READ, null);
    }

    private static Assignment ada() {
        return assignment("E1001", ADA, "Ada Lovelace");
    }

    @ParameterizedTest
    @EnumSource(ScimDialect.class)
    void createsAnAbsentUserAndAddsTheMembershipInTheDialectsShape(ScimDialect dialect) throws IOException {
        Result result = connector.grant(ada(), target(dialect));

        ScimPeer.PeerUser user = peer.userByUserName(ADA).orElseThrow();
        assertThat(user.externalId()).isEqualTo("E1001");
        assertThat(user.displayName()).isEqualTo("Ada Lovelace");
        assertThat(user.active()).isTrue();
        assertThat(user.emails()).containsExactly(ADA);
        assertThat(peer.members(READERS)).containsExactly(ADA);
        assertThat(peer.members("Finance Editors")).isEmpty();
        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(((Result.Done) result).reference()).startsWith("Users/" + user.id() + " in Groups/");
        assertThat(peer.patchRequests()).hasSize(1);
        assertThat(onlyOperation(peer.patchRequests().get(0))).isEqualTo(JSON.readTree(expectedAdd(dialect,
                user.id())));
    }

    @ParameterizedTest
    @EnumSource(ScimDialect.class)
    void findsAnExistingUserAndAddsTheMembershipWithoutCreatingOne(ScimDialect dialect) {
        String adaId = peer.createUser(ADA);

        Result result = connector.grant(ada(), target(dialect));

        assertThat(((Result.Done) result).reference()).startsWith("Users/" + adaId + " in Groups/");
        assertThat(peer.requests()).noneMatch(request -> request.startsWith("POST"));
        assertThat(peer.members(READERS)).containsExactly(ADA);
    }

    @Test
    void aUserThatAppearsBetweenLookupAndCreateIsLookedUpAgainAfterThe409() {
        peer.createUserBeforeNextCreate(ADA);

        Result result = connector.grant(ada(), target(ScimDialect.RFC));

        String adaId = peer.userByUserName(ADA).orElseThrow().id();
        assertThat(((Result.Done) result).reference()).startsWith("Users/" + adaId + " in Groups/");
        assertThat(peer.requests()).filteredOn(request -> request.startsWith("POST")).hasSize(1);
        assertThat(peer.members(READERS)).containsExactly(ADA);
    }

    @ParameterizedTest
    @EnumSource(ScimDialect.class)
    void grantingTwiceLeavesOneMembershipAndSendsOnePatch(ScimDialect dialect) {
        Result first = connector.grant(ada(), target(dialect));
        Result second = connector.grant(ada(), target(dialect));

        assertThat(second).isEqualTo(first);
        assertThat(peer.members(READERS)).containsExactly(ADA);
        assertThat(peer.patchRequests()).hasSize(1);
        assertThat(peer.requests()).noneMatch(request -> request.startsWith("PUT"));
    }

    @ParameterizedTest
    @EnumSource(ScimDialect.class)
    void revokeRemovesOnlyThatMemberWithTheDialectsRemoveShape(ScimDialect dialect) throws IOException {
        connector.grant(assignment("E1002", GRACE, "Grace Hopper"), target(dialect));
        connector.grant(ada(), target(dialect));
        assertThat(peer.members(READERS)).containsExactlyInAnyOrder(ADA, GRACE);

        Result result = connector.revoke(ada(), target(dialect));

        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(peer.members(READERS)).containsExactly(GRACE);
        List<String> patches = peer.patchRequests();
        assertThat(patches).hasSize(3);
        String adaId = peer.userByUserName(ADA).orElseThrow().id();
        assertThat(onlyOperation(patches.get(2))).isEqualTo(JSON.readTree(expectedRemove(dialect, adaId)));
        assertThat(peer.requests()).noneMatch(request -> request.startsWith("PUT") || request.startsWith("DELETE"));
    }

    /**
     * A PATCH asks for the group back without its members (RFC 7644 3.9), so a target that answers with the resource
     * does not write, nor the client parse, every member for each membership changed; the peer (the SCIM-SDK server)
     * honours it.
     */
    @ParameterizedTest
    @EnumSource(ScimDialect.class)
    void patchesAskForTheGroupBackWithoutItsMembers(ScimDialect dialect) throws Exception {
        connector.grant(assignment("E1002", GRACE, "Grace Hopper"), target(dialect));
        connector.grant(ada(), target(dialect));
        connector.revoke(ada(), target(dialect));

        List<String> patches = peer.requests().stream().filter(request -> request.startsWith("PATCH")).toList();
        assertThat(patches).hasSize(3).allMatch(request -> request.matches("PATCH /scim/v2/Groups/[^?]+"
                + "\\?excludedAttributes=members"), "asks for the group without its members");

        String group = patches.get(0).substring("PATCH ".length(), patches.get(0).indexOf('?'));
        String adaId = peer.userByUserName(ADA).orElseThrow().id();
        String add = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                + "\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + adaId + "\"}]}]}";
        JsonNode with = JSON.readTree(rawPatch(group, add));
        JsonNode without = JSON.readTree(rawPatch(group + "?excludedAttributes=members", add));
        assertThat(without.has("members")).as("the peer's answer with excludedAttributes=members").isFalse();
        assertThat(without.path("displayName").asText()).isEqualTo(READERS);
        assertThat(with.path("members")).as("the peer's answer without it").hasSize(2);
    }

    private String rawPatch(String path, String body) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(peer.baseUrl().replace(ScimPeer.CONTEXT, "")
                        + path)).header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/scim+json")
                        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @ParameterizedTest
    @EnumSource(ScimDialect.class)
    void revokingAnAbsentUserOrANonMemberIsDoneWithoutAPatch(ScimDialect dialect) {
        assertThat(connector.revoke(ada(), target(dialect))).isInstanceOf(Result.Done.class);
        peer.createUser(ADA);
        assertThat(connector.revoke(ada(), target(dialect))).isInstanceOf(Result.Done.class);

        assertThat(peer.patchRequests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ScimDialect.class)
    void removingAMemberAddedBehindOurBackPatchesOnlyThatMemberOut(ScimDialect dialect) throws IOException {
        connector.grant(ada(), target(dialect));
        String malloryId = peer.createUser("mallory@example.com");
        peer.addMemberDirectly(READERS, "mallory@example.com");
        int patchesBefore = peer.patchRequests().size();

        Result result = connector.removeMember(target(dialect), FINANCE_READ,
                new Connector.Member(malloryId, "mallory@example.com"));

        assertThat(((Result.Done) result).reference()).startsWith("Users/" + malloryId + " in Groups/");
        assertThat(peer.members(READERS)).containsExactly(ADA);
        List<String> patches = peer.patchRequests();
        assertThat(patches).hasSize(patchesBefore + 1);
        assertThat(onlyOperation(patches.get(patchesBefore))).isEqualTo(JSON.readTree(expectedRemove(dialect,
                malloryId)));
        assertThat(peer.requests()).noneMatch(request -> request.startsWith("PUT") || request.startsWith("DELETE"));
    }

    @Test
    void removingAMemberWhoIsAlreadyGoneIsDoneWithoutAPatch() {
        String malloryId = peer.createUser("mallory@example.com");

        Result result = connector.removeMember(target(ScimDialect.RFC), FINANCE_READ,
                new Connector.Member(malloryId, "mallory@example.com"));
        Result unknown = connector.removeMember(target(ScimDialect.RFC), FINANCE_READ,
                new Connector.Member("no-such-user", null));

        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(unknown).isInstanceOf(Result.Done.class);
        assertThat(peer.patchRequests()).isEmpty();
    }

    @Test
    void tooManyRequestsWhileRemovingAMemberIsTransientAndTheMemberStaysUntilAskedAgain() {
        String malloryId = peer.createUser("mallory@example.com");
        peer.addMemberDirectly(READERS, "mallory@example.com");
        peer.failNext(1, 429, "4");
        Connector.Member mallory = new Connector.Member(malloryId, "mallory@example.com");

        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class,
                () -> connector.removeMember(target(ScimDialect.RFC), FINANCE_READ, mallory));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(peer.members(READERS)).containsExactly("mallory@example.com");
        assertThat(connector.removeMember(target(ScimDialect.RFC), FINANCE_READ, mallory))
                .isInstanceOf(Result.Done.class);
        assertThat(peer.members(READERS)).isEmpty();
    }

    @Test
    void aGroupMissingOnTheTargetIsPermanentAndNamesIt() {
        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class, () -> connector.grant(ada(),
                target(ScimDialect.RFC, TOKEN, Map.of(FINANCE_READ.toString(), "Finance Auditors"))));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("Finance Auditors");
        assertThat(peer.userByUserName(ADA)).isEmpty();
    }

    @Test
    void aRefusedBearerTokenIsPermanentAndTheTokenIsNeverInTheAnswer() {
        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class,
                () -> connector.grant(ada(), target(ScimDialect.RFC, "not-the-token", Map.of(
                        FINANCE_READ.toString(), READERS))));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("401").doesNotContain("not-the-token");
        assertThat(peer.members(READERS)).isEmpty();
    }

    @Test
    void aTargetThatIsDownIsTransientAndOnceBackTheGrantIsDoneExactlyOnce() {
        peer.stop();

        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class,
                () -> connector.grant(ada(), target(ScimDialect.RFC)));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.answer()).doesNotContain(TOKEN);
        peer.restart();
        assertThat(connector.grant(ada(), target(ScimDialect.RFC))).isInstanceOf(Result.Done.class);
        assertThat(connector.grant(ada(), target(ScimDialect.RFC))).isInstanceOf(Result.Done.class);
        assertThat(peer.members(READERS)).containsExactly(ADA);
        assertThat(peer.patchRequests()).hasSize(1);
    }

    @Test
    void tooManyRequestsIsTransientWithTheRetryAfterSeconds() {
        peer.failNext(1, 429, "7");

        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class,
                () -> connector.grant(ada(), target(ScimDialect.OKTA)));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(failure.answer()).contains("429");
    }

    @Test
    void readsTheGroupsMembersPageByPageWithTheirUserNames() {
        for (int i = 0; i < 230; i++) {
            peer.createUser("bystander" + i + "@example.com");
        }
        connector.grant(ada(), target(ScimDialect.RFC));
        connector.grant(assignment("E1002", GRACE, "Grace Hopper"), target(ScimDialect.RFC));

        List<String> read = new java.util.ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            Connector.MembersPage page = connector.members(target(ScimDialect.RFC), FINANCE_READ, cursor);
            page.members().forEach(member -> read.add(member.userName()));
            cursor = page.next();
            pages++;
        } while (cursor != null);

        assertThat(read).containsExactlyInAnyOrder(ADA, GRACE);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aTooManyRequestsWhileReadingMembersNamesTheWaitAndTheSamePageReadsLater() {
        connector.grant(ada(), target(ScimDialect.RFC));
        peer.failNext(1, 429, "7");

        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class,
                () -> connector.members(target(ScimDialect.RFC), FINANCE_READ, null));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(connector.members(target(ScimDialect.RFC), FINANCE_READ, null).members())
                .extracting(Connector.Member::userName).containsExactly(ADA);
    }

    @Test
    void aManualTargetCannotBeReadForReconciliation() {
        Connector manual = new Connector() {
            @Override
            public String type() {
                return "manual";
            }

            @Override
            public Result grant(Assignment assignment, TargetSettings target) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Result revoke(Assignment assignment, TargetSettings target) {
                throw new UnsupportedOperationException();
            }
        };

        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class,
                () -> manual.members(target(ScimDialect.RFC), FINANCE_READ, null));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("cannot be read for reconciliation");
    }

    @Test
    void tooManyRequestsWithAnHttpDateWaitsUntilThatDate() {
        ScimConnector atFixedTime = new ScimConnector(
                Clock.fixed(Instant.parse("2015-10-21T07:27:30Z"), ZoneOffset.UTC));
        peer.failNext(1, 429, "Wed, 21 Oct 2015 07:28:00 GMT");

        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class,
                () -> atFixedTime.grant(ada(), target(ScimDialect.ENTRA)));

        atFixedTime.close();
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void serviceUnavailableIsTransientAndTheNextCallSucceeds() {
        peer.failNext(1, 503, null);

        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class,
                () -> connector.grant(ada(), target(ScimDialect.RFC)));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isNull();
        assertThat(failure.answer()).contains("503");
        assertThat(connector.grant(ada(), target(ScimDialect.RFC))).isInstanceOf(Result.Done.class);
        assertThat(peer.members(READERS)).containsExactly(ADA);
    }

    @Test
    void anUnknownDialectIsAPermanentMisconfiguration() {
        TargetSettings settings = new TargetSettings("acme-scim", "scim", peer.baseUrl(), TOKEN, "ping", null, null,
                null, null, null, null, null, Map.of(FINANCE_READ.toString(), READERS), null, null);

        ConnectorFailure failure = catchThrowableOfType(ConnectorFailure.class,
                () -> connector.grant(ada(), settings));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("ping");
        assertThat(peer.requests()).isEmpty();
    }

    private static JsonNode onlyOperation(String patchBody) throws IOException {
        JsonNode body = JSON.readTree(patchBody);
        assertThat(body.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        assertThat(body.get("Operations")).hasSize(1);
        return body.get("Operations").get(0);
    }

    private static String expectedAdd(ScimDialect dialect, String userId) {
        switch (dialect) {
            case OKTA:
                return "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\",\"display\":\""
                        + ADA + "\"}]}";
            case ENTRA:
                return "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\"}]}";
            default:
                return "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\"}]}";
        }
    }

    private static String expectedRemove(ScimDialect dialect, String userId) {
        if (dialect == ScimDialect.ENTRA) {
            return "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\"}]}";
        }
        return "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + userId + "\\\"]\"}";
    }
}
