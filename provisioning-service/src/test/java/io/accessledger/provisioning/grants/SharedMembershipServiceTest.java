package io.accessledger.provisioning.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.provisioning.ServiceFixture;
import io.accessledger.provisioning.connectors.scim.ScimPeer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two grants of one person for one entitlement on one target (two requests seconds apart, both approved) share the
 * target's membership: the whole service (real KRaft broker, real PostgreSQL) against the independent SCIM server
 * {@link ScimPeer}. Revoking one leaves the person a member and says why no call was made; revoking both removes them,
 * also when the two revocations arrive together.
 */
class SharedMembershipServiceTest {
    private static final String TOKEN = "peer-token";
    private static final String GROUP = "Shared Editors";
    private static final Entitlement SHARED_EDIT = Entitlement.parse("shared-app:edit");
    private static final EmployeeId REVIEWER = EmployeeId.of("E1040");
    private static ScimPeer peer;
    private static ServiceFixture service;

    @BeforeAll
    static void start() {
        peer = ScimPeer.start(0, TOKEN);
        peer.createGroup(GROUP);
        service = ServiceFixture.start("provisioning_shared_membership", List.of(),
                "--accessledger.notifications.enabled=false",
                "--accessledger.provisioning.targets.shared.type=scim",
                "--accessledger.provisioning.targets.shared.baseUrl=" + peer.baseUrl(),
                "--accessledger.provisioning.targets.shared.token=" + TOKEN,
                "--accessledger.provisioning.targets.shared.groups[0].entitlement=" + SHARED_EDIT,
                "--accessledger.provisioning.targets.shared.groups[0].group=" + GROUP,
                "--accessledger.provisioning.worker.poll-every=PT0.1S");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (peer != null) {
            peer.stop();
        }
    }

    @Test
    void oneOfTwoGrantsRevokedKeepsThePersonAMemberAndSaysSoAndTheSecondRemovesThem() {
        String email = "grace.shared@example.com";
        List<GrantId> grants = twoGrantsProvisioned("E8301", email, "R-shared-1", "R-shared-2");
        GrantId first = grants.get(0);
        GrantId second = grants.get(1);
        // the two provisioning calls ran together: each may have found no membership and added one (the peer then
        // lists the member twice; the SCIM remove, by filter, takes out both)
        assertThat(peer.members(GROUP)).containsOnly(email);
        int patches = peer.patchRequests().size();

        revoke(first, "E8301", "R-shared-1", RevocationReason.REVIEW);
        AccessRevoked kept = awaitOne(first, AccessRevoked.class);

        assertThat(kept.membershipKeptFor()).isEqualTo(second);
        assertThat(kept.revocationReason()).isEqualTo(RevocationReason.REVIEW);
        assertThat(peer.members(GROUP)).containsOnly(email);
        assertThat(peer.patchRequests()).hasSize(patches);

        revoke(second, "E8301", "R-shared-2", RevocationReason.LEAVER);
        AccessRevoked removed = awaitOne(second, AccessRevoked.class);

        assertThat(removed.membershipKeptFor()).isNull();
        assertThat(peer.members(GROUP)).doesNotContain(email);
    }

    @Test
    void twoGrantsRevokedTogetherRemoveTheMembershipOnceBothHaveEnded() {
        String email = "hal.shared@example.com";
        List<GrantId> grants = twoGrantsProvisioned("E8302", email, "R-shared-3", "R-shared-4");
        GrantId first = grants.get(0);
        GrantId second = grants.get(1);
        assertThat(peer.members(GROUP)).contains(email);

        revoke(first, "E8302", "R-shared-3", RevocationReason.LEAVER);
        revoke(second, "E8302", "R-shared-4", RevocationReason.LEAVER);
        AccessRevoked firstEnd = awaitOne(first, AccessRevoked.class);
        AccessRevoked secondEnd = awaitOne(second, AccessRevoked.class);

        // one was left to the other, the other removed it: never both left to each other
        assertThat(java.util.stream.Stream.of(firstEnd, secondEnd).filter(e -> e.membershipKeptFor() == null))
                .hasSize(1);
        assertThat(peer.members(GROUP)).doesNotContain(email);
    }

    /** A person with an e-mail and two approved requests for the same entitlement, both provisioned. */
    private static List<GrantId> twoGrantsProvisioned(String employee, String email, String... requests) {
        service.hire(employee, "Person " + employee, email, null);
        List<GrantId> grants = java.util.Arrays.stream(requests)
                .map(request -> service.approve(employee, request, SHARED_EDIT.toString(), "shared", "E1040"))
                .toList();
        grants.forEach(grant -> awaitOne(grant, AccessProvisioned.class));
        return grants;
    }

    private static void revoke(GrantId grant, String employee, String request, RevocationReason reason) {
        service.publish(new AccessRevocationRequested(EventId.of(UUID.randomUUID().toString()), grant,
                RequestId.of(request), EmployeeId.of(employee), SHARED_EDIT, reason, REVIEWER, "no longer needed",
                Instant.now()), "review-scheduler");
    }

    private static <T extends DomainEvent> T awaitOne(GrantId grant, Class<T> type) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !service.published(grant.value(), type).isEmpty());
        return service.published(grant.value(), type).get(0);
    }
}
