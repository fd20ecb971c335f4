package io.accessledger.approval.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.infra.LocalPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The manager chain: who it names, and that it reads the directory through its key, whether the table has statistics
 * or not (docs/BENCHMARKS.md, "End-to-end", "Tenth round": a recursive query planned over an unanalysed table read
 * the whole directory about four times per chain).
 */
class DirectoryViewTest {
    private JdbcTemplate jdbc;
    private DirectoryView view;

    @BeforeEach
    void schema() throws IOException {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(LocalPostgres.freshDatabaseUrl("approval_directory"),
                "postgres", ""));
        try (InputStream script = getClass().getResourceAsStream(
                "/db/migration/approval-service/V1__baseline.sql")) {
            jdbc.execute(new String(script.readAllBytes(), StandardCharsets.UTF_8));
        }
        view = new DirectoryView(jdbc);
    }

    @Test
    void theChainNamesThreeLevelsOfManagersUpwardsSkippingLeaversButWalkingThroughThem() {
        employees("('E1', 'E2', 'ACTIVE')", "('E2', 'E3', 'TERMINATED')", "('E3', 'E4', 'ACTIVE')",
                "('E4', 'E5', 'ACTIVE')", "('E5', null, 'ACTIVE')");

        assertThat(view.managerChain(EmployeeId.of("E1"))).containsExactly(EmployeeId.of("E3"), EmployeeId.of("E4"));
        assertThat(view.managerChain(EmployeeId.of("E3"))).containsExactly(EmployeeId.of("E4"), EmployeeId.of("E5"));
        assertThat(view.managerChain(EmployeeId.of("E5"))).isEmpty();
        assertThat(view.managerChain(EmployeeId.of("E9"))).isEmpty();
    }

    @Test
    void aManagerWithNoRowIsNamedAndEndsTheChainAndACycleNamesEachOnce() {
        employees("('E1', 'E2', 'ACTIVE')", "('E2', 'E7', 'ACTIVE')", "('E10', 'E11', 'ACTIVE')",
                "('E11', 'E10', 'ACTIVE')");

        assertThat(view.managerChain(EmployeeId.of("E1"))).containsExactly(EmployeeId.of("E2"), EmployeeId.of("E7"));
        assertThat(view.managerChain(EmployeeId.of("E10"))).containsExactly(EmployeeId.of("E11"),
                EmployeeId.of("E10"));
    }

    @Test
    void theChainReadsTheDirectoryByItsKeyBeforeAndAfterTheTableIsAnalysed() {
        jdbc.update("""
                insert into directory_employee (employee_id, manager_id, status, as_of)
                select 'E' || n, case when n > 1 then 'E' || (n / 10) end, 'ACTIVE', now()
                from generate_series(1, 2000) n""");

        assertThat(plan("E1999")).doesNotContain("Seq Scan");
        assertThat(view.managerChain(EmployeeId.of("E1999")))
                .containsExactly(EmployeeId.of("E199"), EmployeeId.of("E19"), EmployeeId.of("E1"));

        jdbc.update("""
                insert into directory_employee (employee_id, manager_id, status, as_of)
                select 'E' || n, 'E' || (n / 10), 'ACTIVE', now() from generate_series(2001, 100000) n""");
        jdbc.execute("analyze directory_employee");

        assertThat(plan("E99999")).doesNotContain("Seq Scan");
        assertThat(view.managerChain(EmployeeId.of("E99999")))
                .containsExactly(EmployeeId.of("E9999"), EmployeeId.of("E999"), EmployeeId.of("E99"));
    }

    private String plan(String employeeId) {
        return String.join("\n", jdbc.queryForList("explain " + DirectoryView.MANAGER_CHAIN, String.class,
                employeeId));
    }

    private void employees(String... rows) {
        jdbc.update("insert into directory_employee (employee_id, manager_id, status, as_of) select v.*, now() from"
                + " (values " + String.join(", ", rows) + ") v");
    }
}
