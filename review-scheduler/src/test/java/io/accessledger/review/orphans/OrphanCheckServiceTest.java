package io.accessledger.review.orphans;

import static io.accessledger.review.ReviewServiceFixture.newId;
import static io.accessledger.review.ReviewServiceFixture.provisioned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.review.OrphanedAccessDetected;
import io.accessledger.review.ReviewServiceFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The daily orphan check on the running service, its clock set by the test. */
class OrphanCheckServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    private static ReviewServiceFixture service;

    @BeforeAll
    static void startService() {
        service = ReviewServiceFixture.start("review_orphans", NOW);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aGrantOfSomeoneTheDirectoryNeverNamedIsReportedAndAskedToGoOnceAKnownHoldersIsNot() {
        EmployeeId known = EmployeeId.of("E2301");
        service.publishHandled(new EmployeeHired(newId(), known, new EmployeeProfile(known, "Kim Known",
                "kim@example.com", "Sales", "Account Executive", null, EmploymentType.EMPLOYEE,
                EmploymentStatus.ACTIVE, null, null, true), LocalDate.parse("2026-01-05"), "workday",
                NOW.minus(Duration.ofDays(300))), "request-service", "grant-history");
        AccessProvisioned knowns = provisioned("R-orph-1", known, "crm-orph:edit", NOW.minus(Duration.ofDays(3)),
                null);
        AccessProvisioned unknowns = provisioned("R-orph-2", EmployeeId.of("E2399"), "crm-orph:admin",
                NOW.minus(Duration.ofDays(3)), null);
        AccessProvisioned fresh = provisioned("R-orph-3", EmployeeId.of("E2398"), "crm-orph:read",
                NOW.minus(Duration.ofHours(2)), null);
        service.publishHandled(knowns, "provisioning-service", "grant-history");
        service.publishHandled(unknowns, "provisioning-service", "grant-history");
        service.publishHandled(fresh, "provisioning-service", "grant-history");

        OrphanCheck check = service.bean(OrphanCheck.class);
        check.check();
        check.check();

        assertThat(service.revocations(unknowns.grantId())).singleElement().satisfies(revocation -> {
            assertThat(revocation.revocationReason()).isEqualTo(RevocationReason.LEAVER);
            assertThat(revocation.note()).isEqualTo("Orphaned access: the holder is unknown to the directory");
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> !service.published(Topic.REVIEW,
                unknowns.grantId().value(), AccessRevocationRequested.class).isEmpty());
        assertThat(service.published(Topic.REVIEW, unknowns.grantId().value(), OrphanedAccessDetected.class))
                .singleElement().extracting(OrphanedAccessDetected::holderStatus).isEqualTo("UNKNOWN");
        assertThat(service.revocations(knowns.grantId())).as("the holder is known and employed").isEmpty();
        assertThat(service.revocations(fresh.grantId())).as("granted too recently to judge").isEmpty();
    }
}
