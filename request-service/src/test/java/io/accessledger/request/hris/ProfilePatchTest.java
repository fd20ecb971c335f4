package io.accessledger.request.hris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilePatchTest {
    private static final EmployeeId ID = EmployeeId.of("E1");
    private static final EmployeeProfile CURRENT = new EmployeeProfile(ID, "Ada Lovelace", "ada@example.com",
            "Engineering", "Engineer", EmployeeId.of("E9"), EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE,
            LocalDate.parse("2026-01-10"), BackgroundCheck.COMPLETE, true);

    @Test
    void overlaysOnlyTheNamedFieldsOnTheCurrentProfile() {
        EmployeeProfile after = ProfilePatch.of(Map.of("jobTitle", "Staff Engineer")).applyTo(ID, CURRENT);

        assertThat(after).isEqualTo(new EmployeeProfile(ID, "Ada Lovelace", "ada@example.com", "Engineering",
                "Staff Engineer", EmployeeId.of("E9"), EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE,
                LocalDate.parse("2026-01-10"), BackgroundCheck.COMPLETE, true));
    }

    @Test
    void anEmptyValueClearsTheField() {
        EmployeeProfile after = ProfilePatch.of(Map.of("managerId", "")).applyTo(ID, CURRENT);

        assertThat(after.managerId()).isNull();
    }

    @Test
    void someoneNewStartsAsAnActiveEmployee() {
        EmployeeProfile after = ProfilePatch.of(Map.of("name", "New Person")).applyTo(ID, null);

        assertThat(after).isEqualTo(new EmployeeProfile(ID, "New Person", null, null, null, null,
                EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null, null, null));
    }

    @Test
    void refusesFieldsAProfileDoesNotHave() {
        assertThatThrownBy(() -> ProfilePatch.of(Map.of("salary", "1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
