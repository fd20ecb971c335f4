package io.accessledger.request.hris.bamboohr;

import io.accessledger.spine.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.request.hris.HrisProperties;
import io.accessledger.request.hris.WorkerEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fetch of employees event-based deliveries only name, against a local server answering like BambooHR's API:
 * the mapping of its answer, back-off on 429 (Retry-After) / 503 / unreachable, permanent refusals, the budget.
 */
class BambooHrFetchesTest {
    private static final String KEY = "bamboo-api-key";
    private static final Instant NOW = Instant.parse("2026-11-24T04:00:00Z");

    private final BambooHrApiFake bamboo = new BambooHrApiFake(KEY);
    private final SettableClock clock = new SettableClock(NOW);
    private final InMemoryBambooHrFetchStore store = new InMemoryBambooHrFetchStore();
    private final List<WorkerEvent> recorded = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        bamboo.close();
    }

    private HrisProperties.Api settings(String apiKey, int maxAttempts) {
        return new HrisProperties.Api(bamboo.baseUrl(), BambooHrApiFake.DOMAIN, apiKey, Duration.ofSeconds(2),
                maxAttempts, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    private BambooHrFetches fetches(String apiKey, int maxAttempts) {
        HrisProperties.Api settings = settings(apiKey, maxAttempts);
        return new BambooHrFetches(store, new BambooHrApi(settings), (event, source) -> recorded.add(event),
                settings, meters, clock);
    }

    private double counted(String outcome) {
        return meters.counter(BambooHrFetches.METRIC, "outcome", outcome).count();
    }

    private void knownEmployee() {
        bamboo.employees.put("67890", Map.of("firstName", "Ada", "lastName", "Lovelace", "workEmail",
                "ada@example.com", "department", "Engineering", "jobTitle", "Software Engineer", "supervisorEId",
                "E1031", "status", "Active", "employmentHistoryStatus", "Full-Time", "hireDate", "2026-12-01",
                "terminationDate", "0000-00-00"));
    }

    @Test
    void aCreatedEmployeeIsFetchedWithBambooHrsFieldsAndHiredAsOfTheHireDate() {
        knownEmployee();
        BambooHrFetches fetches = fetches(KEY, 5);
        assertThat(fetches.schedule("d1", List.of(new BambooHrPayloads.Named("67890", "employee.created")), NOW))
                .isEqualTo(1);

        assertThat(fetches.runDue()).isEqualTo(1);

        assertThat(bamboo.requests).singleElement().asString()
                .startsWith("GET /api/gateway.php/acme/v1/employees/67890/?fields=firstName,lastName,")
                .contains("supervisorEId", "employmentHistoryStatus", "hireDate", "terminationDate", "onlyCurrent=true")
                .endsWith("accept=application/json");
        assertThat(recorded).singleElement().satisfies(event -> {
            assertThat(event.employeeId()).isEqualTo(EmployeeId.of("67890"));
            assertThat(event.patch().fields()).containsEntry("name", "Ada Lovelace")
                    .containsEntry("email", "ada@example.com").containsEntry("department", "Engineering")
                    .containsEntry("jobTitle", "Software Engineer").containsEntry("managerId", "E1031")
                    .containsEntry("status", "ACTIVE").containsEntry("employmentType", "EMPLOYEE");
            assertThat(event.effectiveOn()).isEqualTo(LocalDate.parse("2026-12-01"));
        });
        assertThat(store.only().state).isEqualTo("FETCHED");
        assertThat(counted("fetched")).isEqualTo(1);
        assertThat(fetches.runDue()).isZero();
        assertThat(bamboo.requests).hasSize(1);
    }

    @Test
    void anUpdateTakesEffectNowAndATerminatedEmployeeLeavesAsOfTheTerminationDate() {
        bamboo.employees.put("E7", Map.of("firstName", "Bo", "lastName", "Berg", "jobTitle", "Analyst",
                "hireDate", "2020-01-06", "terminationDate", "0000-00-00"));
        bamboo.employees.put("E8", Map.of("firstName", "Cy", "lastName", "Dahl", "status", "Inactive",
                "employmentHistoryStatus", "Terminated", "hireDate", "2019-03-01", "terminationDate", "2026-11-20"));
        BambooHrFetches fetches = fetches(KEY, 5);
        fetches.schedule("d2", List.of(new BambooHrPayloads.Named("E7", "employee.updated"),
                new BambooHrPayloads.Named("E8", "employee.updated")), NOW);

        assertThat(fetches.runDue()).isEqualTo(2);

        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(0).effectiveOn()).isNull();
        assertThat(recorded.get(0).patch().fields()).containsEntry("jobTitle", "Analyst")
                .doesNotContainKey("department");
        assertThat(recorded.get(1).patch().fields()).containsEntry("status", "TERMINATED");
        assertThat(recorded.get(1).effectiveOn()).isEqualTo(LocalDate.parse("2026-11-20"));
    }

    @Test
    void anUpdateWaitsWhileTheCreateBeforeItIsPendingSoTheHireKeepsItsHireDate() {
        knownEmployee();
        bamboo.script.add(new BambooHrApiFake.Scripted(503, null));
        BambooHrFetches fetches = fetches(KEY, 5);
        fetches.schedule("created", List.of(new BambooHrPayloads.Named("67890", "employee.created")), NOW);
        fetches.schedule("updated", List.of(new BambooHrPayloads.Named("67890", "employee.updated")),
                NOW.plusMillis(1));

        clock.set(NOW.plusMillis(1));
        assertThat(fetches.runDue()).isZero();
        assertThat(bamboo.requests).hasSize(1);
        assertThat(store.rows.get("updated|67890").attempts).isZero();

        clock.set(NOW.plusSeconds(5));
        assertThat(fetches.runDue()).isEqualTo(1);
        assertThat(recorded).singleElement().extracting(WorkerEvent::effectiveOn)
                .isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(fetches.runDue()).isEqualTo(1);
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(1).effectiveOn()).isNull();
    }

    @Test
    void throttlingAndUnavailabilityAreTriedAgainLaterHonouringRetryAfter() {
        knownEmployee();
        bamboo.script.add(new BambooHrApiFake.Scripted(429, "120"));
        bamboo.script.add(new BambooHrApiFake.Scripted(503, null));
        BambooHrFetches fetches = fetches(KEY, 5);
        fetches.schedule("d3", List.of(new BambooHrPayloads.Named("67890", "employee.updated")), NOW);

        assertThat(fetches.runDue()).isZero();
        assertThat(store.only().nextAttemptAt).isEqualTo(NOW.plusSeconds(120));
        assertThat(store.only().lastError).contains("429");

        clock.set(NOW.plusSeconds(119));
        assertThat(fetches.runDue()).isZero();
        assertThat(bamboo.requests).hasSize(1);

        clock.set(NOW.plusSeconds(120));
        assertThat(fetches.runDue()).isZero();
        assertThat(store.only().lastError).contains("503");
        assertThat(store.only().nextAttemptAt).isBetween(NOW.plusSeconds(120), NOW.plusSeconds(122));

        clock.set(NOW.plusSeconds(123));
        assertThat(fetches.runDue()).isEqualTo(1);
        assertThat(store.only().state).isEqualTo("FETCHED");
        assertThat(store.only().attempts).isEqualTo(3);
        assertThat(counted("retried")).isEqualTo(2);
        assertThat(counted("fetched")).isEqualTo(1);
        assertThat(recorded).hasSize(1);
    }

    @Test
    void aWrongApiKeyOrAnUnknownEmployeeIsRefusedAtOnceAndNotRetried() {
        knownEmployee();
        BambooHrFetches wrongKey = fetches("not-the-key", 5);
        wrongKey.schedule("d4", List.of(new BambooHrPayloads.Named("67890", "employee.created")), NOW);
        wrongKey.schedule("d5", List.of(new BambooHrPayloads.Named("99999", "employee.created")), NOW);

        wrongKey.runDue();
        assertThat(store.rows.get("d4|67890").state).isEqualTo("REFUSED");
        assertThat(store.rows.get("d4|67890").lastError).contains("401", "Invalid API key");

        BambooHrFetches right = fetches(KEY, 5);
        clock.set(NOW.plus(Duration.ofHours(1)));
        store.rows.get("d5|99999").state = "PENDING";
        store.rows.get("d5|99999").nextAttemptAt = NOW;
        right.runDue();
        assertThat(store.rows.get("d5|99999").state).isEqualTo("REFUSED");
        assertThat(store.rows.get("d5|99999").lastError).contains("404");

        int calls = bamboo.requests.size();
        clock.set(NOW.plus(Duration.ofDays(1)));
        assertThat(right.runDue()).isZero();
        assertThat(bamboo.requests).hasSize(calls);
        assertThat(recorded).isEmpty();
        assertThat(counted("refused")).isEqualTo(3);
    }

    @Test
    void anUnreachableApiIsTriedUntilTheBudgetIsSpentThenGivenUpWithACount() {
        BambooHrFetches fetches = fetches(KEY, 3);
        fetches.schedule("d6", List.of(new BambooHrPayloads.Named("67890", "employee.updated")), NOW);
        bamboo.close();

        for (int run = 0; run < 3; run++) {
            clock.set(NOW.plus(Duration.ofMinutes(run)));
            fetches.runDue();
        }

        assertThat(store.only().state).isEqualTo("GAVE_UP");
        assertThat(store.only().attempts).isEqualTo(3);
        assertThat(store.only().lastError).contains("ConnectException");
        assertThat(counted("retried")).isEqualTo(2);
        assertThat(counted("gave_up")).isEqualTo(1);
        clock.set(NOW.plus(Duration.ofDays(1)));
        assertThat(fetches.runDue()).isZero();
        assertThat(recorded).isEmpty();
    }

    @Test
    void withoutAnApiKeyNamedEmployeesAreCountedAsNotFetchableAndNothingIsQueued() {
        BambooHrFetches fetches = fetches("", 5);

        assertThat(fetches.schedule("d7", List.of(new BambooHrPayloads.Named("67890", "employee.created"),
                new BambooHrPayloads.Named("67891", "employee.updated")), NOW)).isZero();

        assertThat(store.rows).isEmpty();
        assertThat(counted("not_configured")).isEqualTo(2);
        assertThat(fetches.runDue()).isZero();
        assertThat(bamboo.requests).isEmpty();
    }

    @Test
    void theBackoffIsCappedAndJittered() {
        BambooHrFetches fetches = fetches(KEY, 5);
        for (int attempt = 1; attempt <= 10; attempt++) {
            long cap = Math.min(30_000, 1_000L << (attempt - 1));
            assertThat(fetches.backoff(attempt).toMillis()).isBetween(0L, cap);
        }
        assertThat(BambooHrApi.retryAfter("Tue, 24 Nov 2026 04:02:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(2));
        assertThat(BambooHrApi.retryAfter("soon", NOW)).isNull();
    }

}
