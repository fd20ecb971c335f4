package io.accessledger.request.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.request.intake.IntakeRules;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {
    static final PolicyDocument POLICY = new PolicyDocument("3",
            List.of(resource("confluence", Sensitivity.LOW, "read", "edit"), resource("vpn", Sensitivity.LOW, "user"),
                    resource("github", Sensitivity.MEDIUM, "write"), resource("jira", Sensitivity.LOW, "edit"),
                    resource("hubspot", Sensitivity.LOW, "edit")),
            List.of(new PolicyDocument.Profile(null, null, List.of(e("confluence:read"), e("vpn:user"))),
                    new PolicyDocument.Profile("Engineering", "Software Engineer",
                            List.of(e("github:write"), e("jira:edit"), e("confluence:read"))),
                    new PolicyDocument.Profile("Marketing", null, List.of(e("hubspot:edit")))),
            List.of(), null, null, new PolicyDocument.AutoApprove(Sensitivity.LOW));

    @Test
    void hireRequestsTheStandardProfile() {
        assertThat(LifecycleRules.profileItems(POLICY, "Engineering", "Software Engineer")).containsExactly(
                new LifecycleRules.ProfileItem(e("confluence:read"), "organisation-wide"),
                new LifecycleRules.ProfileItem(e("vpn:user"), "organisation-wide"),
                new LifecycleRules.ProfileItem(e("github:write"), "Engineering / Software Engineer"),
                new LifecycleRules.ProfileItem(e("jira:edit"), "Engineering / Software Engineer"));
    }

    @Test
    void aDepartmentProfileIsNamedAfterTheDepartment() {
        assertThat(LifecycleRules.profileItems(POLICY, "Marketing", "Campaign Manager"))
                .extracting(LifecycleRules.ProfileItem::profile).containsExactly("organisation-wide",
                        "organisation-wide", "Marketing");
    }

    @Test
    void aPositionWithoutAProfileBringsNothing() {
        PolicyDocument onlyEngineering = new PolicyDocument("4", POLICY.resources(), List.of(POLICY.profiles().get(1)),
                List.of(), null, null, null);
        assertThat(LifecycleRules.profileItems(onlyEngineering, "Sales", "Account Executive")).isEmpty();
    }

    @Test
    void theBirthrightJustificationExplainsItselfAndPassesTheDoor() {
        LifecycleRules.ProfileItem item = new LifecycleRules.ProfileItem(e("github:write"),
                "Engineering / Software Engineer");
        String justification = LifecycleRules.joinerJustification(item, engineer(), LocalDate.parse("2026-03-02"));

        assertThat(justification).isEqualTo("Birthright access of the Engineering / Software Engineer profile for"
                + " Software Engineer, Engineering; hired 2026-03-02");
        assertThat(IntakeRules.atTheDoor(POLICY, "github", "write", justification, null)).isEmpty();
    }

    @Test
    void theMoverJustificationNamesBothPositions() {
        LifecycleRules.ProfileItem item = new LifecycleRules.ProfileItem(e("jira:edit"),
                "Engineering / Software Engineer");
        String justification = LifecycleRules.moverJustification(item, engineer(), "Data", "Data Analyst",
                LocalDate.parse("2026-04-01"));

        assertThat(justification).isEqualTo("Standard access of the Engineering / Software Engineer profile for"
                + " Software Engineer, Engineering; moved from Data Analyst, Data on 2026-04-01");
        assertThat(IntakeRules.atTheDoor(POLICY, "jira", "edit", justification, null)).isEmpty();
    }

    @Test
    void theSameEventAndEntitlementAlwaysNameTheSameRequest() {
        EventId hire = EventId.of("00000000-0000-4000-8000-000000000001");
        assertThat(LifecycleRules.requestId(hire, e("vpn:user"))).isEqualTo(LifecycleRules.requestId(hire,
                e("vpn:user")));
        assertThat(LifecycleRules.requestId(hire, e("vpn:user"))).isNotEqualTo(LifecycleRules.requestId(hire,
                e("confluence:read")));
        assertThat(LifecycleRules.requestId(EventId.of("00000000-0000-4000-8000-000000000002"), e("vpn:user")))
                .isNotEqualTo(LifecycleRules.requestId(hire, e("vpn:user")));
    }

    @Test
    void anHrSystemsHireStartsBirthrightButTheDirectorysInitialImportDoesNot() {
        assertThat(LifecycleRules.startsBirthright("bamboohr", "directory-import")).isTrue();
        assertThat(LifecycleRules.startsBirthright("workday", "directory-import")).isTrue();
        assertThat(LifecycleRules.startsBirthright("directory-import", "directory-import")).isFalse();
    }

    static EmployeeProfile engineer() {
        return new EmployeeProfile(EmployeeId.of("E2001"), "Nia Okafor", "nia.okafor@example.com", "Engineering",
                "Software Engineer", EmployeeId.of("E1031"), EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null,
                null, true);
    }

    static PolicyDocument.Resource resource(String id, Sensitivity sensitivity, String... levels) {
        return new PolicyDocument.Resource(id, id, "manual", null, sensitivity, List.of(),
                java.util.Arrays.stream(levels).map(level -> new PolicyDocument.Level(level, false)).toList(), null);
    }

    static Entitlement e(String text) {
        return Entitlement.parse(text);
    }
}
