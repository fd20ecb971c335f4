package io.accessledger.request.hris.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.request.hris.Fixtures;
import io.accessledger.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkdayPayloadsTest {

    @Test
    void hireMapsTheWorkerWithItsPreferredNameAndEffectiveDate() {
        WorkdayPayloads.WorkdayEvent event = WorkdayPayloads.parse(Fixtures.bytes("workday-hire.json"));

        assertThat(event).isInstanceOfSatisfying(WorkdayPayloads.Change.class, change -> {
            assertThat(change.eventId()).isEqualTo("3f9a1c2be4d04e1a9b8c7d6e5f4a3b21");
            assertThat(change.kind()).isEqualTo(WorkdayPayloads.Kind.HIRE);
            assertThat(change.event().effectiveOn()).isEqualTo(LocalDate.parse("2026-12-01"));
            EmployeeProfile profile = change.event().patch().applyTo(change.event().employeeId(), null);
            assertThat(profile).isEqualTo(new EmployeeProfile(EmployeeId.of("E3001"), "Kathy Johnson",
                    "katherine.johnson@example.com", "Analytics", "Data Analyst", EmployeeId.of("E1000"),
                    EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null, null, null));
        });
    }

    @Test
    void jobChangeCarriesOnlyThePositionFields() {
        WorkdayPayloads.WorkdayEvent event = WorkdayPayloads.parse(Fixtures.bytes("workday-job-change.json"));

        assertThat(event).isInstanceOfSatisfying(WorkdayPayloads.Change.class, change -> {
            assertThat(change.kind()).isEqualTo(WorkdayPayloads.Kind.JOB_CHANGE);
            assertThat(change.event().employeeId()).isEqualTo(EmployeeId.of("E3002"));
            assertThat(change.event().effectiveOn()).isEqualTo(LocalDate.parse("2026-11-20"));
            assertThat(change.event().patch().fields()).isEqualTo(Map.of("department", "Risk", "jobTitle",
                    "Senior Data Analyst", "managerId", "E1100"));
        });
    }

    @Test
    void terminationSetsTheStatusOnly() {
        WorkdayPayloads.WorkdayEvent event = WorkdayPayloads.parse(Fixtures.bytes("workday-termination.json"));

        assertThat(event).isInstanceOfSatisfying(WorkdayPayloads.Change.class, change -> {
            assertThat(change.kind()).isEqualTo(WorkdayPayloads.Kind.TERMINATION);
            assertThat(change.event().employeeId()).isEqualTo(EmployeeId.of("E3003"));
            assertThat(change.event().patch().fields()).isEqualTo(Map.of("status", "TERMINATED"));
        });
    }

    @Test
    void rescindNamesTheEventItCancels() {
        WorkdayPayloads.WorkdayEvent event = WorkdayPayloads.parse(Fixtures.bytes("workday-rescind.json"));

        assertThat(event).isEqualTo(new WorkdayPayloads.Rescind("d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9",
                "3f9a1c2be4d04e1a9b8c7d6e5f4a3b21"));
    }

    @Test
    void contingentWorkerIsAContractor() {
        byte[] body = """
                {"eventId":"e1","businessProcess":"Contract Contingent Worker","effectiveDate":"2026-11-24",
                 "worker":{"workerId":"C9","workerType":"Contingent Worker"}}""".getBytes(StandardCharsets.UTF_8);

        assertThat(WorkdayPayloads.parse(body)).isInstanceOfSatisfying(WorkdayPayloads.Change.class,
                change -> assertThat(change.event().patch().fields()).containsEntry("employmentType", "CONTRACTOR"));
    }

    @Test
    void refusesAnUnknownProcessOrAMissingEffectiveDate() {
        assertThatThrownBy(() -> WorkdayPayloads.parse("""
                {"eventId":"e1","businessProcess":"Request Time Off","effectiveDate":"2026-11-24",
                 "worker":{"workerId":"E1"}}""".getBytes(StandardCharsets.UTF_8))).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> WorkdayPayloads.parse("""
                {"eventId":"e1","businessProcess":"Hire","worker":{"workerId":"E1"}}"""
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ApiProblem.class);
    }
}
