package io.accessledger.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    @Test
    void anEntitlementIsWrittenResourceColonLevel() {
        Entitlement e = Entitlement.parse("netsuite-ap:create-vendor");
        assertThat(e.resourceId()).isEqualTo("netsuite-ap");
        assertThat(e.level()).isEqualTo("create-vendor");
        assertThat(e).hasToString("netsuite-ap:create-vendor");
        assertThatThrownBy(() -> Entitlement.parse("salesforce")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Entitlement.parse(":edit")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Entitlement.parse("salesforce:")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergedConditionsKeepTheShortestDurationAndEveryRequirement() {
        Conditions manager = new Conditions(Duration.ofDays(90), null, true);
        Conditions security = new Conditions(Duration.ofDays(30), true, null);
        assertThat(manager.mergedWith(security)).isEqualTo(new Conditions(Duration.ofDays(30), true, true));
        assertThat(security.mergedWith(manager)).isEqualTo(new Conditions(Duration.ofDays(30), true, true));
        assertThat(Conditions.NONE.mergedWith(Conditions.NONE)).isEqualTo(Conditions.NONE);
        assertThat(Conditions.NONE.mergedWith(manager)).isEqualTo(manager);
    }

    @Test
    void theGrantOfARequestIsDerivedDeterministically() {
        RequestId request = RequestId.of("R-1");
        assertThat(Ids.grantFor(request)).isEqualTo(Ids.grantFor(RequestId.of("R-1")))
                .isNotEqualTo(Ids.grantFor(RequestId.of("R-2")));
        assertThat(Ids.grantFor(request).value()).startsWith("G-");
    }

    @Test
    void blankIdsAreRefused() {
        assertThatThrownBy(() -> RequestId.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wholeDayDurationsAreWrittenInDays() {
        assertThat(EventJson.format(Duration.ofDays(30))).isEqualTo("P30D");
        assertThat(EventJson.format(Duration.ofHours(4))).isEqualTo("PT4H");
    }

    @Test
    void aTransferIsAMoveOnlyWhenItChangesTheDepartmentOrTheJobTitleNotOnlyTheManager() {
        assertThat(transfer("Data", "Data Analyst", "Data", "Data Analyst").positionChanged()).isFalse();
        assertThat(transfer("Data", "Data Analyst", "Engineering", "Data Analyst").positionChanged()).isTrue();
        assertThat(transfer("Data", "Data Analyst", "Data", "Head of Data").positionChanged()).isTrue();
    }

    @Test
    void whetherTheTransferChangedThePositionIsNotPartOfTheEventsJson() throws Exception {
        String json = EventJson.mapper().writeValueAsString(transfer("Data", "Data Analyst", "Engineering", "Data Analyst"));
        assertThat(json).doesNotContain("positionChanged").contains("\"previousDepartment\":\"Data\"");
    }

    private static io.accessledger.events.identity.EmployeeTransferred transfer(String fromDepartment,
            String fromTitle, String department, String title) {
        var who = io.accessledger.events.ids.EmployeeId.of("E1030");
        var profile = new io.accessledger.events.model.EmployeeProfile(who, "Ada", "ada@example.org", department,
                title, io.accessledger.events.ids.EmployeeId.of("E1031"),
                io.accessledger.events.model.EmploymentType.EMPLOYEE, io.accessledger.events.model.EmploymentStatus.ACTIVE,
                null, null, null);
        return new io.accessledger.events.identity.EmployeeTransferred(io.accessledger.events.ids.EventId.of("ev-1"),
                who, profile, fromDepartment, fromTitle, io.accessledger.events.ids.EmployeeId.of("E1050"), null,
                "workday", java.time.Instant.parse("2026-03-01T09:00:00Z"));
    }
}
