package io.accessledger.policy.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.policy.access.AccessView;
import io.accessledger.policy.evaluation.CompiledPolicy;
import io.accessledger.policy.evaluation.EvaluationInputs;
import io.accessledger.policy.evaluation.Evaluator;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One policy evaluation as the service makes it: the beneficiary, their held access and their requests in flight read
 * from the production access view ({@link AccessView} over PostgreSQL, through {@link EvaluationInputs#read}, which
 * the evaluation trigger calls), then {@link Evaluator#evaluate}. The same data set as
 * {@link PolicyEvaluationBenchmark} (100,000 identities × 30 held entitlements, their pending requests), copied into
 * policy-service's own schema (its Flyway migrations) in an embedded PostgreSQL on this machine, read through a
 * Hikari pool as the service reads it. Sample-time mode: the latency distribution of single evaluations. Run and
 * results: docs/BENCHMARKS.md, "Policy evaluation on the production access view".
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 5, timeUnit = TimeUnit.SECONDS)
public class AccessViewEvaluationBenchmark {
    private static final int MASK = BenchmarkDataSet.REQUESTS - 1;

    private BenchmarkDataSet data;
    private CompiledPolicy compiled;
    private HikariDataSource pool;
    private AccessView view;

    /** Each benchmark thread walks the pre-generated request streams on its own. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        data = BenchmarkDataSet.generate();
        compiled = CompiledPolicy.of(data.policy);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(LocalPostgres.freshDatabaseUrl("bench_access_view"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration/policy-service").load().migrate();
        long start = System.nanoTime();
        long rows = copy();
        System.out.printf("%n[access view] %,d rows copied into PostgreSQL in %d ms%n", rows,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        view = new AccessView(new JdbcTemplate(pool));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** A realistic mix: 35% in the person's standard profile, 45% from their department's systems, 20% anything. */
    @Benchmark
    public Evaluator.Evaluation evaluateMixedOnAccessView(Cursor cursor) {
        return evaluate(data.mixedRequests[cursor.next++ & MASK]);
    }

    /** The worst case of the SoD index: the requested entitlement is always named by at least one SoD rule. */
    @Benchmark
    public Evaluator.Evaluation evaluateSodNamedOnAccessView(Cursor cursor) {
        return evaluate(data.sodRequests[cursor.next++ & MASK]);
    }

    private Evaluator.Evaluation evaluate(BenchmarkDataSet.Request request) {
        Entitlement requested = data.access.entitlement(request.entitlement());
        EmployeeId beneficiary = EmployeeId.of(data.beneficiaryIds[request.identity()]);
        return Evaluator.evaluate(compiled, EvaluationInputs.read(view, beneficiary, requested, request.duration(),
                "R-bench-evaluated", BenchmarkDataSet.TODAY));
    }

    /** The data set into {@code person}, {@code held_access} and {@code pending_access} with COPY, then analyze. */
    private long copy() throws SQLException, IOException {
        StringBuilder people = new StringBuilder();
        StringBuilder held = new StringBuilder();
        StringBuilder pending = new StringBuilder();
        long grant = 0;
        long request = 0;
        for (int p = 0; p < data.identities(); p++) {
            String id = data.beneficiaryIds[p];
            people.append(id).append('\t').append(tsv(EventJson.write(data.people[p])))
                    .append("\t2026-03-01T00:00:00Z\n");
            for (Entitlement e : data.access.held(p)) {
                held.append("G-").append(grant++).append('\t').append(id).append('\t').append(e).append('\n');
            }
            for (int e : data.access.pendingIds(p)) {
                pending.append("R-").append(request++).append('\t').append(id).append('\t')
                        .append(data.access.entitlement(e)).append('\n');
            }
        }
        try (Connection c = pool.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long rows = copy.copyIn("copy person (employee_id, profile, as_of) from stdin", new StringReader(
                    people.toString()));
            rows += copy.copyIn("copy held_access (grant_id, employee_id, entitlement) from stdin",
                    new StringReader(held.toString()));
            rows += copy.copyIn("copy pending_access (request_id, employee_id, entitlement) from stdin",
                    new StringReader(pending.toString()));
            try (Statement s = c.createStatement()) {
                s.execute("analyze");
            }
            return rows;
        }
    }

    /** COPY's text format: backslash, tab and newline escaped. */
    private static String tsv(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }
}
