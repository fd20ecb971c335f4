package io.accessledger.request.hris.standardwebhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.request.hris.Fixtures;
import io.accessledger.request.hris.WorkerEvent;
import io.accessledger.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HrisPayloadsTest {
    private static final EmployeeProfile HIRED = new EmployeeProfile(EmployeeId.of("E4001"), "Margaret Hamilton",
            "margaret.hamilton@example.com", "Engineering", "Engineering Manager", EmployeeId.of("E1000"),
            EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, LocalDate.parse("2026-11-20"), BackgroundCheck.COMPLETE,
            true);

    @Test
    void hiredWorkerMapsToAFullProfile() {
        WorkerEvent event = HrisPayloads.parse(Fixtures.bytes("hris-worker-hired.json"));

        assertThat(event.effectiveOn()).isEqualTo(LocalDate.parse("2026-11-24"));
        assertThat(event.patch().applyTo(event.employeeId(), null)).isEqualTo(HIRED);
    }

    @Test
    void transferOverlaysTheCurrentProfileAndANullClearsTheManager() {
        WorkerEvent event = HrisPayloads.parse(Fixtures.bytes("hris-worker-transferred.json"));

        assertThat(event.effectiveOn()).isNull();
        assertThat(event.patch().applyTo(event.employeeId(), HIRED)).isEqualTo(new EmployeeProfile(
                HIRED.employeeId(), HIRED.name(), HIRED.email(), "Platform", HIRED.jobTitle(), null,
                HIRED.employmentType(), HIRED.status(), HIRED.securityTrainingCompletedOn(), HIRED.backgroundCheck(),
                HIRED.mfaEnrolled()));
    }

    @Test
    void terminationSetsStatusTerminated() {
        WorkerEvent event = HrisPayloads.parse(Fixtures.bytes("hris-worker-terminated.json"));

        assertThat(event.patch().fields()).isEqualTo(Map.of("status", "TERMINATED"));
        assertThat(event.effectiveOn()).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(event.patch().applyTo(event.employeeId(), HIRED).status()).isEqualTo(EmploymentStatus.TERMINATED);
    }

    @Test
    void refusesUnknownTypesAndValues() {
        assertThatThrownBy(() -> HrisPayloads.parse("""
                {"type":"worker.promoted","data":{"workerId":"E1"}}""".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> HrisPayloads.parse("""
                {"type":"worker.updated","data":{"workerId":"E1","employmentType":"INTERN"}}"""
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> HrisPayloads.parse("""
                {"type":"worker.updated","data":{"name":"nobody"}}""".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiProblem.class);
    }
}
