package io.accessledger.request.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DirectoryChangeTest {
    private static final EmployeeId ID = EmployeeId.of("E1");
    private static final EmployeeId MANAGER = EmployeeId.of("E9");
    private static final EmployeeProfile KNOWN = new EmployeeProfile(ID, "Ada Lovelace", "ada@example.com",
            "Engineering", "Software Engineer", MANAGER, EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE,
            LocalDate.parse("2024-01-20"), BackgroundCheck.COMPLETE, true);

    /** A copy of KNOWN with the given fields replaced (null in an argument means: keep KNOWN's value). */
    private static EmployeeProfile known(String name, String email, String department, String jobTitle,
            EmployeeId manager, EmploymentType type, EmploymentStatus status, LocalDate trained,
            BackgroundCheck background, Boolean mfa) {
        return new EmployeeProfile(ID, name != null ? name : KNOWN.name(), email != null ? email : KNOWN.email(),
                department != null ? department : KNOWN.department(), jobTitle != null ? jobTitle : KNOWN.jobTitle(),
                manager != null ? manager : KNOWN.managerId(), type != null ? type : KNOWN.employmentType(),
                status != null ? status : KNOWN.status(),
                trained != null ? trained : KNOWN.securityTrainingCompletedOn(),
                background != null ? background : KNOWN.backgroundCheck(), mfa != null ? mfa : KNOWN.mfaEnrolled());
    }

    private static EmployeeProfile withStatus(EmployeeProfile p, EmploymentStatus status) {
        return new EmployeeProfile(p.employeeId(), p.name(), p.email(), p.department(), p.jobTitle(), p.managerId(),
                p.employmentType(), status, p.securityTrainingCompletedOn(), p.backgroundCheck(), p.mfaEnrolled());
    }

    @Test
    void nothingKnownMeansHired() {
        assertThat(DirectoryChange.between(null, KNOWN)).isInstanceOf(DirectoryChange.Hired.class);
    }

    @Test
    void identicalDataIsUnchanged() {
        assertThat(DirectoryChange.between(KNOWN, known(null, null, null, null, null, null, null, null, null, null)))
                .isInstanceOf(DirectoryChange.Unchanged.class);
    }

    @Test
    void becomingTerminatedIsATermination() {
        assertThat(DirectoryChange.between(KNOWN, withStatus(KNOWN, EmploymentStatus.TERMINATED)))
                .isInstanceOf(DirectoryChange.Terminated.class);
    }

    @Test
    void terminationWinsOverASimultaneousMove() {
        EmployeeProfile movedAndLeft = withStatus(known(null, null, "Sales", "Account Executive", null, null, null,
                null, null, null), EmploymentStatus.TERMINATED);
        assertThat(DirectoryChange.between(KNOWN, movedAndLeft)).isInstanceOf(DirectoryChange.Terminated.class);
    }

    @Test
    void alreadyTerminatedAndStillTerminatedIsUnchanged() {
        EmployeeProfile terminated = withStatus(KNOWN, EmploymentStatus.TERMINATED);
        assertThat(DirectoryChange.between(terminated, terminated)).isInstanceOf(DirectoryChange.Unchanged.class);
    }

    @Test
    void comingBackFromTerminationIsAStatusUpdate() {
        EmployeeProfile terminated = withStatus(KNOWN, EmploymentStatus.TERMINATED);
        assertThat(DirectoryChange.between(terminated, KNOWN))
                .isEqualTo(new DirectoryChange.Updated(java.util.List.of("status")));
    }

    @Test
    void goingOnLeaveIsAStatusUpdateNotATermination() {
        assertThat(DirectoryChange.between(KNOWN, withStatus(KNOWN, EmploymentStatus.ON_LEAVE)))
                .isEqualTo(new DirectoryChange.Updated(java.util.List.of("status")));
    }

    @Test
    void anotherDepartmentIsATransfer() {
        assertThat(DirectoryChange.between(KNOWN, known(null, null, "Platform", null, null, null, null, null, null,
                null))).isInstanceOf(DirectoryChange.Transferred.class);
    }

    @Test
    void anotherJobTitleIsATransfer() {
        assertThat(DirectoryChange.between(KNOWN, known(null, null, null, "Staff Engineer", null, null, null, null,
                null, null))).isInstanceOf(DirectoryChange.Transferred.class);
    }

    @Test
    void anotherManagerIsATransfer() {
        assertThat(DirectoryChange.between(KNOWN, known(null, null, null, null, EmployeeId.of("E8"), null, null, null,
                null, null))).isInstanceOf(DirectoryChange.Transferred.class);
    }

    @Test
    void losingTheManagerIsATransfer() {
        EmployeeProfile noManager = new EmployeeProfile(ID, KNOWN.name(), KNOWN.email(), KNOWN.department(),
                KNOWN.jobTitle(), null, KNOWN.employmentType(), KNOWN.status(), KNOWN.securityTrainingCompletedOn(),
                KNOWN.backgroundCheck(), KNOWN.mfaEnrolled());
        assertThat(DirectoryChange.between(KNOWN, noManager)).isInstanceOf(DirectoryChange.Transferred.class);
    }

    @Test
    void aTransferIsNotAlsoReportedAsAnUpdate() {
        EmployeeProfile movedAndRenamed = known("Ada King", null, "Platform", null, null, null, null, null, null,
                null);
        assertThat(DirectoryChange.between(KNOWN, movedAndRenamed)).isInstanceOf(DirectoryChange.Transferred.class);
    }

    @Test
    void eachAttributeChangeIsNamedInOrder() {
        EmployeeProfile everything = known("Ada King", "ada.king@example.com", null, null, null,
                EmploymentType.CONTRACTOR, EmploymentStatus.ON_LEAVE, LocalDate.parse("2025-01-01"),
                BackgroundCheck.PENDING, false);
        assertThat(DirectoryChange.between(KNOWN, everything)).isEqualTo(new DirectoryChange.Updated(java.util.List.of(
                "name", "email", "employmentType", "status", "securityTrainingCompletedOn", "backgroundCheck",
                "mfaEnrolled")));
    }

    @Test
    void aSingleAttributeChangeNamesOnlyThatField() {
        assertThat(DirectoryChange.between(KNOWN, known(null, null, null, null, null, null, null, null, null, false)))
                .isEqualTo(new DirectoryChange.Updated(java.util.List.of("mfaEnrolled")));
    }
}
