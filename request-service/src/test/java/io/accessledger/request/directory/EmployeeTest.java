package io.accessledger.request.directory;

import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.identity.EmployeeUpdated;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmployeeTest {
    private static final EmployeeId ID = EmployeeId.of("E1");
    private static final EmployeeId MANAGER = EmployeeId.of("E9");
    private static final LocalDate HIRED_ON = LocalDate.parse("2024-01-15");
    private static final LocalDate CHANGED_ON = LocalDate.parse("2025-03-01");
    private static final Instant HIRED_AT = Instant.parse("2024-01-10T09:00:00Z");
    private static final Instant CHANGED_AT = Instant.parse("2025-02-20T09:00:00Z");
    private static final EmployeeProfile PROFILE = new EmployeeProfile(ID, "Ada Lovelace", "ada@example.com",
            "Engineering", "Software Engineer", MANAGER, EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE,
            LocalDate.parse("2024-01-20"), BackgroundCheck.COMPLETE, true);
    private static final EmployeeHired HIRED = new EmployeeHired(EventId.of("ev-hire"), ID, PROFILE, HIRED_ON,
            "directory-import", HIRED_AT);

    private AggregateTestFixture<Employee> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Employee.class);
    }

    private static Employee.RecordEmployee record(EmployeeProfile profile, String eventId) {
        return new Employee.RecordEmployee(ID, profile, CHANGED_ON, "hris", EventId.of(eventId), CHANGED_AT);
    }

    private static EmployeeProfile with(String department, String jobTitle, EmployeeId manager) {
        return new EmployeeProfile(ID, PROFILE.name(), PROFILE.email(), department, jobTitle, manager,
                PROFILE.employmentType(), PROFILE.status(), PROFILE.securityTrainingCompletedOn(),
                PROFILE.backgroundCheck(), PROFILE.mfaEnrolled());
    }

    @Test
    void aPersonNewToTheDirectoryIsHired() {
        fixture.givenNoPriorActivity()
                .when(new Employee.RecordEmployee(ID, PROFILE, HIRED_ON, "directory-import", EventId.of("ev-hire"),
                        HIRED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(HIRED)
                .expectResultMessagePayload(true);
    }

    @Test
    void sameDirectoryDataAgainEmitsNothing() {
        fixture.given(HIRED)
                .when(record(PROFILE, "ev-2"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void departmentChangeIsATransferCarryingThePreviousPosition() {
        EmployeeProfile moved = with("Platform", "Software Engineer", MANAGER);
        fixture.given(HIRED)
                .when(record(moved, "ev-2"))
                .expectEvents(new EmployeeTransferred(EventId.of("ev-2"), ID, moved, "Engineering",
                        "Software Engineer", MANAGER, CHANGED_ON, "hris", CHANGED_AT))
                .expectResultMessagePayload(true);
    }

    @Test
    void jobTitleChangeIsATransfer() {
        EmployeeProfile promoted = with("Engineering", "Staff Engineer", MANAGER);
        fixture.given(HIRED)
                .when(record(promoted, "ev-2"))
                .expectEvents(new EmployeeTransferred(EventId.of("ev-2"), ID, promoted, "Engineering",
                        "Software Engineer", MANAGER, CHANGED_ON, "hris", CHANGED_AT));
    }

    @Test
    void managerChangeIsATransfer() {
        EmployeeProfile newManager = with("Engineering", "Software Engineer", EmployeeId.of("E8"));
        fixture.given(HIRED)
                .when(record(newManager, "ev-2"))
                .expectEvents(new EmployeeTransferred(EventId.of("ev-2"), ID, newManager, "Engineering",
                        "Software Engineer", MANAGER, CHANGED_ON, "hris", CHANGED_AT));
    }

    @Test
    void aTransferIsComparedWithTheLatestKnownPosition() {
        EmployeeProfile moved = with("Platform", "Software Engineer", MANAGER);
        EmployeeProfile movedAgain = with("Platform", "Staff Engineer", EmployeeId.of("E8"));
        fixture.given(HIRED, new EmployeeTransferred(EventId.of("ev-2"), ID, moved, "Engineering",
                        "Software Engineer", MANAGER, CHANGED_ON, "hris", CHANGED_AT))
                .when(record(movedAgain, "ev-3"))
                .expectEvents(new EmployeeTransferred(EventId.of("ev-3"), ID, movedAgain, "Platform",
                        "Software Engineer", MANAGER, CHANGED_ON, "hris", CHANGED_AT));
    }

    @Test
    void terminationEmitsEmployeeTerminated() {
        EmployeeProfile left = new EmployeeProfile(ID, PROFILE.name(), PROFILE.email(), PROFILE.department(),
                PROFILE.jobTitle(), MANAGER, PROFILE.employmentType(), EmploymentStatus.TERMINATED,
                PROFILE.securityTrainingCompletedOn(), PROFILE.backgroundCheck(), PROFILE.mfaEnrolled());
        fixture.given(HIRED)
                .when(record(left, "ev-2"))
                .expectEvents(new EmployeeTerminated(EventId.of("ev-2"), ID, left, CHANGED_ON, "hris", CHANGED_AT))
                .expectResultMessagePayload(true);
    }

    @Test
    void aTerminationRecordedAgainEmitsNothing() {
        EmployeeProfile left = new EmployeeProfile(ID, PROFILE.name(), PROFILE.email(), PROFILE.department(),
                PROFILE.jobTitle(), MANAGER, PROFILE.employmentType(), EmploymentStatus.TERMINATED,
                PROFILE.securityTrainingCompletedOn(), PROFILE.backgroundCheck(), PROFILE.mfaEnrolled());
        fixture.given(HIRED, new EmployeeTerminated(EventId.of("ev-2"), ID, left, CHANGED_ON, "hris", CHANGED_AT))
                .when(record(left, "ev-3"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void attributeChangesAreAPlainUpdateNamingTheChangedFields() {
        EmployeeProfile updated = new EmployeeProfile(ID, PROFILE.name(), "ada.lovelace@example.com",
                PROFILE.department(), PROFILE.jobTitle(), MANAGER, PROFILE.employmentType(), PROFILE.status(),
                LocalDate.parse("2025-02-01"), PROFILE.backgroundCheck(), PROFILE.mfaEnrolled());
        fixture.given(HIRED)
                .when(record(updated, "ev-2"))
                .expectEvents(new EmployeeUpdated(EventId.of("ev-2"), ID, updated,
                        List.of("email", "securityTrainingCompletedOn"), CHANGED_ON, "hris", CHANGED_AT))
                .expectResultMessagePayload(true);
    }
}
