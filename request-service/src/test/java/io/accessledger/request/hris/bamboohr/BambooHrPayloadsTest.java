package io.accessledger.request.hris.bamboohr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.request.hris.Fixtures;
import io.accessledger.request.hris.WorkerEvent;
import io.accessledger.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BambooHrPayloadsTest {
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";

    @Test
    void eventBasedUpdateNamesTheEmployeeButCarriesNoValues() {
        BambooHrPayloads.Parsed parsed = BambooHrPayloads.parse(Fixtures.bytes("bamboohr-event-updated.json"), JSON);

        assertThat(parsed.events()).isEmpty();
        assertThat(parsed.withoutValues()).containsExactly(new BambooHrPayloads.Named("67890", "employee.updated"));
    }

    @Test
    void eventBasedUpdateFormEncodedReadsLikeTheJson() {
        BambooHrPayloads.Parsed parsed = BambooHrPayloads.parse(Fixtures.bytes("bamboohr-event-updated.form"), FORM);

        assertThat(parsed.events()).isEmpty();
        assertThat(parsed.withoutValues()).containsExactly(new BambooHrPayloads.Named("67890", "employee.updated"));
    }

    @Test
    void eventBasedDeleteIsATermination() {
        BambooHrPayloads.Parsed parsed = BambooHrPayloads.parse(Fixtures.bytes("bamboohr-event-deleted.json"), JSON);

        assertThat(parsed.events()).singleElement().satisfies(event -> {
            assertThat(event.employeeId()).isEqualTo(EmployeeId.of("67890"));
            assertThat(event.patch().fields()).isEqualTo(Map.of("status", "TERMINATED"));
        });
    }

    @Test
    void eventBasedDeleteFormEncodedIsATermination() {
        BambooHrPayloads.Parsed parsed = BambooHrPayloads.parse(Fixtures.bytes("bamboohr-event-deleted.form"), FORM);

        assertThat(parsed.events()).singleElement().satisfies(event -> {
            assertThat(event.employeeId()).isEqualTo(EmployeeId.of("67890"));
            assertThat(event.patch().fields()).isEqualTo(Map.of("status", "TERMINATED"));
        });
    }

    @Test
    void fieldBasedCreateMapsEveryPostedField() {
        BambooHrPayloads.Parsed parsed = BambooHrPayloads.parse(Fixtures.bytes("bamboohr-field-based.json"), JSON);

        assertThat(parsed.events()).hasSize(3);
        WorkerEvent created = parsed.events().get(0);
        EmployeeProfile profile = created.patch().applyTo(created.employeeId(), null);
        assertThat(profile).isEqualTo(new EmployeeProfile(EmployeeId.of("E2001"), "Grace Hopper",
                "grace.hopper@example.com", "Engineering", "Staff Engineer", EmployeeId.of("E1000"),
                EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null, null, null));
    }

    @Test
    void fieldBasedUpdateWithEnglishLabelsOverlaysOnlyThoseFields() {
        BambooHrPayloads.Parsed parsed = BambooHrPayloads.parse(Fixtures.bytes("bamboohr-field-based.json"), JSON);

        WorkerEvent updated = parsed.events().get(1);
        assertThat(updated.employeeId()).isEqualTo(EmployeeId.of("E2002"));
        assertThat(updated.patch().fields()).isEqualTo(Map.of("department", "Finance", "jobTitle", "Controller"));
    }

    @Test
    void fieldBasedDeleteIsATermination() {
        BambooHrPayloads.Parsed parsed = BambooHrPayloads.parse(Fixtures.bytes("bamboohr-field-based.json"), JSON);

        WorkerEvent deleted = parsed.events().get(2);
        assertThat(deleted.employeeId()).isEqualTo(EmployeeId.of("E2003"));
        assertThat(deleted.patch().fields()).isEqualTo(Map.of("status", "TERMINATED"));
    }

    @Test
    void fieldBasedFormEncodedPayloadIsReadLikeJson() {
        BambooHrPayloads.Parsed parsed = BambooHrPayloads.parse(Fixtures.bytes("bamboohr-field-based.form"), FORM);

        assertThat(parsed.events()).singleElement().satisfies(event -> {
            assertThat(event.employeeId()).isEqualTo(EmployeeId.of("E2004"));
            assertThat(event.patch().fields()).isEqualTo(Map.of("name", "Ada Lovelace", "email", "ada@example.com",
                    "employmentType", "CONTRACTOR"));
        });
    }

    @Test
    void inactiveStatusOrTerminatedEmploymentStatusMeansTerminated() {
        byte[] body = """
                {"employees":[{"id":"7","action":"Updated","fields":{"Status":"Inactive"}},
                 {"id":"8","action":"Updated","fields":{"employmentHistoryStatus":"Terminated"}}]}"""
                .getBytes(StandardCharsets.UTF_8);

        BambooHrPayloads.Parsed parsed = BambooHrPayloads.parse(body, JSON);

        assertThat(parsed.events()).extracting(event -> event.patch().fields().get("status"))
                .containsExactly("TERMINATED", "TERMINATED");
    }

    @Test
    void refusesABodyThatIsNeitherShape() {
        assertThatThrownBy(() -> BambooHrPayloads.parse("{\"hello\":1}".getBytes(StandardCharsets.UTF_8), JSON))
                .isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> BambooHrPayloads.parse("not json".getBytes(StandardCharsets.UTF_8), JSON))
                .isInstanceOf(ApiProblem.class);
    }
}
