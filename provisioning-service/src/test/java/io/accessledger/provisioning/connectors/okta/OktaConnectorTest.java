package io.accessledger.provisioning.connectors.okta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.Connector.Result;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.spine.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real {@link OktaConnector} against {@link OktaFake}, an Okta org's management API on a local port. */
class OktaConnectorTest {
    private static final String TOKEN = "00aBcD-okta-api-token-secret";
    private static final Entitlement READ = Entitlement.parse("finance-app:read");
    private static final Entitlement WRITE = Entitlement.parse("finance-app:write");
    private static final Entitlement ADMIN = Entitlement.parse("finance-app:admin");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private OktaFake okta;
    private OktaConnector connector;
    private String alice;
    private String bruno;
    private String readers;
    private String writers;

    @BeforeEach
    void startOkta() {
        okta = new OktaFake(clock, TOKEN);
        alice = okta.addUser("alice.moreau@example.com", "Alice", "Moreau");
        bruno = okta.addUser("bruno.keller@example.com", "Bruno", "Keller");
        readers = okta.addGroup("Finance Readers");
        okta.addGroup("Finance Readers (EMEA)");
        writers = okta.addGroup("Finance Writers");
        connector = new OktaConnector(clock);
    }

    @AfterEach
    void stopOkta() {
        okta.close();
    }

    private TargetSettings target(String apiToken) {
        return new TargetSettings("okta-prod", "okta", null, null, null, okta.baseUrl(), apiToken, null, null, null,
                null, null, Map.of("finance-app:read", "Finance Readers", "finance-app:write", writers,
                        "finance-app:admin", "Finance Admins"),
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
    void addsTheExistingUserToTheGroupFoundByExactName() {
        Result result = connector.grant(assignment("alice.moreau@example.com", READ), target(TOKEN));

        assertThat(result).isEqualTo(new Result.Done("okta:" + readers + "/" + alice));
        assertThat(okta.members(readers)).containsExactly(alice);
        assertThat(okta.requestLines()).containsExactly("GET /api/v1/users/alice.moreau@example.com",
                "GET /api/v1/groups", "PUT /api/v1/groups/" + readers + "/users/" + alice);
        assertThat(okta.requests().get(1).params()).containsEntry("search", "profile.name eq \"Finance Readers\"");
        assertThat(okta.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("SSWS " + TOKEN));
    }

    @Test
    void aGroupMappedByIdIsUsedAsItIs() {
        Result result = connector.grant(assignment("alice.moreau@example.com", WRITE), target(TOKEN));

        assertThat(result).isEqualTo(new Result.Done("okta:" + writers + "/" + alice));
        assertThat(okta.members(writers)).containsExactly(alice);
        assertThat(okta.requestLines()).contains("GET /api/v1/groups/" + writers).doesNotContain("GET /api/v1/groups");
    }

    @Test
    void grantingTwiceLeavesOneMembershipAndIsDoneBothTimes() {
        Result first = connector.grant(assignment("alice.moreau@example.com", READ), target(TOKEN));
        Result second = connector.grant(assignment("alice.moreau@example.com", READ), target(TOKEN));

        assertThat(second).isEqualTo(first).isInstanceOf(Result.Done.class);
        assertThat(okta.members(readers)).containsExactly(alice);
    }

    @Test
    void revokeRemovesOnlyThatMember() {
        okta.addMember(readers, alice);
        okta.addMember(readers, bruno);

        Result result = connector.revoke(assignment("alice.moreau@example.com", READ), target(TOKEN));

        assertThat(result).isEqualTo(new Result.Done("okta:" + readers + "/" + alice));
        assertThat(okta.members(readers)).containsExactly(bruno);
        assertThat(okta.requestLines()).filteredOn(line -> line.startsWith("DELETE"))
                .containsExactly("DELETE /api/v1/groups/" + readers + "/users/" + alice);
    }

    @Test
    void revokingSomeoneWhoIsNotAMemberIsDone() {
        okta.addMember(readers, bruno);

        Result result = connector.revoke(assignment("alice.moreau@example.com", READ), target(TOKEN));

        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(okta.members(readers)).containsExactly(bruno);
    }

    @Test
    void removingAMemberByItsOktaIdDeletesOnlyThatMembership() {
        okta.addMember(readers, alice);
        okta.addMember(readers, bruno);

        Result result = connector.removeMember(target(TOKEN), READ,
                new Connector.Member(bruno, "bruno.keller@example.com"));

        assertThat(result).isEqualTo(new Result.Done("okta:" + readers + "/" + bruno));
        assertThat(okta.members(readers)).containsExactly(alice);
        assertThat(okta.requestLines()).filteredOn(line -> line.startsWith("DELETE"))
                .containsExactly("DELETE /api/v1/groups/" + readers + "/users/" + bruno);
        assertThat(okta.requestLines()).noneMatch(line -> line.startsWith("GET /api/v1/users"));
    }

    @Test
    void removingAMemberWhoIsGoneOrAUserOktaNoLongerHasIsDone() {
        okta.addMember(readers, alice);

        assertThat(connector.removeMember(target(TOKEN), READ, new Connector.Member(bruno, null)))
                .isInstanceOf(Result.Done.class);
        assertThat(connector.removeMember(target(TOKEN), READ, new Connector.Member("00uDeletedUser0001", null)))
                .isInstanceOf(Result.Done.class);
        assertThat(okta.members(readers)).containsExactly(alice);
    }

    @Test
    void a429WhileRemovingAMemberIsTransientWithTheReset() {
        okta.addMember(readers, bruno);
        okta.throttleNext(1);

        ConnectorFailure failure = failureOf(() -> connector.removeMember(target(TOKEN), READ,
                new Connector.Member(bruno, "bruno.keller@example.com")));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.between(clock.instant(), okta.windowReset()));
        assertThat(okta.members(readers)).containsExactly(bruno);
    }

    @Test
    void anUnknownUserIsAPermanentFailureWithOktasAnswer() {
        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("nobody@example.com", READ), target(TOKEN)));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("nobody@example.com").contains("E0000007")
                .contains("Not found: Resource not found");
        assertThat(okta.requestLines()).noneMatch(line -> line.startsWith("PUT"));
    }

    @Test
    void anUnknownGroupIsAPermanentFailure() {
        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("alice.moreau@example.com", ADMIN), target(TOKEN)));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("no group named 'Finance Admins'");
        assertThat(okta.requestLines()).noneMatch(line -> line.startsWith("PUT"));
    }

    @Test
    void anUnmappedEntitlementIsAPermanentFailureWithoutCallingOkta() {
        ConnectorFailure failure = failureOf(() -> connector.grant(
                assignment("alice.moreau@example.com", Entitlement.parse("payroll:read")), target(TOKEN)));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("maps no group for payroll:read");
        assertThat(okta.requests()).isEmpty();
    }

    @Test
    void aBadApiTokenIsAPermanentFailureThatDoesNotRevealAnyToken() {
        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("alice.moreau@example.com", READ), target("wrong-token-value")));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.answer()).contains("E0000011").contains("Invalid token provided")
                .doesNotContain("wrong-token-value").doesNotContain(TOKEN);
        assertThat(failure.getMessage()).doesNotContain("wrong-token-value");
        assertThat(okta.members(readers)).isEmpty();
    }

    @Test
    void a429IsTransientWithTheRateLimitResetAsRetryHint() {
        okta.throttleNext(1);
        clock.advance(Duration.ofSeconds(15));

        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("alice.moreau@example.com", READ), target(TOKEN)));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.answer()).contains("E0000047");
        assertThat(failure.retryAfter()).isEqualTo(Duration.between(clock.instant(), okta.windowReset()))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theTargetDownIsTransientAndOnceBackTheGrantIsDoneExactlyOnce() {
        okta.stop();

        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("alice.moreau@example.com", READ), target(TOKEN)));
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.answer()).contains("unreachable").doesNotContain(TOKEN);

        okta.start();
        Result result = connector.grant(assignment("alice.moreau@example.com", READ), target(TOKEN));

        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(okta.members(readers)).containsExactly(alice);
        assertThat(okta.requestLines()).filteredOn(line -> line.startsWith("PUT")).hasSize(1);
    }

    @Test
    void noRemainingCallsDefersTheNextCallUntilTheReset() {
        okta.rateLimit(3);
        clock.advance(Duration.ofSeconds(20));
        connector.grant(assignment("alice.moreau@example.com", READ), target(TOKEN));
        int callsSoFar = okta.requests().size();
        clock.advance(Duration.ofSeconds(10));

        ConnectorFailure failure = failureOf(() ->
                connector.grant(assignment("bruno.keller@example.com", READ), target(TOKEN)));

        assertThat(failure.isTransient()).isTrue();
        // The window began with the first call, 10 s ago: 50 s to its reset.
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        assertThat(okta.requests()).hasSize(callsSoFar);

        clock.advance(Duration.ofSeconds(50));
        Result result = connector.grant(assignment("bruno.keller@example.com", READ), target(TOKEN));

        assertThat(result).isInstanceOf(Result.Done.class);
        assertThat(okta.members(readers)).containsExactly(alice, bruno);
    }

    @Test
    void aServerErrorIsTransientWithOktasAnswer() {
        okta.addMember(readers, alice);
        okta.breakNext(1);

        ConnectorFailure failure = failureOf(() ->
                connector.revoke(assignment("alice.moreau@example.com", READ), target(TOKEN)));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.answer()).contains("E0000009").contains("HTTP 500");
        assertThat(okta.members(readers)).containsExactly(alice);
    }

    private List<String> readAllMembers(List<String> cursors) {
        List<String> logins = new ArrayList<>();
        String cursor = null;
        do {
            cursors.add(cursor);
            Connector.MembersPage page = connector.members(target(TOKEN), READ, cursor);
            page.members().forEach(member -> logins.add(member.userName()));
            cursor = page.next();
        } while (cursor != null);
        return logins;
    }

    @Test
    void readsTheGroupsMembersPageByPageFollowingOktasNextLink() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2 * OktaConnector.PAGE_SIZE + 50; i++) {
            String login = "member" + i + "@example.com";
            okta.addMember(readers, okta.addUser(login, "Member", "No" + i));
            expected.add(login);
        }
        okta.addMember(writers, alice);

        List<String> cursors = new ArrayList<>();
        List<String> logins = readAllMembers(cursors);

        assertThat(logins).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
        assertThat(cursors).hasSize(3);
        assertThat(okta.requests()).filteredOn(r -> r.path().endsWith("/users"))
                .extracting(r -> r.params().get("after")).hasSize(3).first().isNull();
        assertThat(okta.requests()).filteredOn(r -> r.path().endsWith("/users"))
                .extracting(r -> r.params().get("limit")).containsOnly(String.valueOf(OktaConnector.PAGE_SIZE));
    }

    @Test
    void anEmptyGroupIsOnePageWithNoMembers() {
        Connector.MembersPage page = connector.members(target(TOKEN), READ, null);

        assertThat(page.members()).isEmpty();
        assertThat(page.next()).isNull();
    }

    @Test
    void aTooManyRequestsWhileReadingMembersWaitsForTheResetAndTheSamePageReadsLater() {
        okta.addMember(readers, alice);
        okta.throttleNext(1);

        ConnectorFailure failure = failureOf(() -> connector.members(target(TOKEN), READ, null));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(connector.members(target(TOKEN), READ, null).members())
                .containsExactly(new Connector.Member(alice, "alice.moreau@example.com"));
    }

    @Test
    void aCursorThatIsNotAnOktaMemberPageIsRefusedWithoutCallingOkta() {
        ConnectorFailure failure = failureOf(() -> connector.members(target(TOKEN), READ, "/api/v1/users?limit=5"));

        assertThat(failure.isTransient()).isFalse();
        assertThat(okta.requests()).isEmpty();
    }
}
