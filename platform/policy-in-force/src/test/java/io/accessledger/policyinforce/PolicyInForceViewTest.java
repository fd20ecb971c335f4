package io.accessledger.policyinforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.policyinforce.PolicyInForceView.PolicyInForce;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The view on a real PostgreSQL, fed the way the spine feeds a consumer (one {@code handle} per delivery). */
class PolicyInForceViewTest {
    private static final Instant JANUARY = Instant.parse("2026-01-05T09:00:00Z");
    private static final Instant MARCH = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant MAY = Instant.parse("2026-05-04T09:00:00Z");

    private JdbcTemplate jdbc;
    private PolicyInForceView view;

    @BeforeEach
    void freshDatabase() {
        jdbc = jdbcOnFreshDatabase();
        view = new PolicyInForceView(jdbc);
    }

    @Test
    void nothingIsInForceBeforeAnyVersionIsPublished() {
        assertThat(view.inForce()).isEmpty();
        assertThat(view.current()).isEmpty();
    }

    @Test
    void thePublishedVersionIsInForceWithItsTimeAndDocument() {
        deliver(published("1", JANUARY));

        assertThat(view.inForce()).hasValueSatisfying(inForce -> {
            assertThat(inForce.version()).isEqualTo("1");
            assertThat(inForce.publishedAt()).isEqualTo(JANUARY);
            assertThat(inForce.document()).isEqualTo(document("1"));
        });
        assertThat(view.current()).contains(document("1"));
    }

    @Test
    void theLatestPublishedVersionIsInForceWhateverOrderTheyAreDeliveredIn() {
        deliver(published("2", MARCH));
        deliver(published("3", MAY));
        deliver(published("1", JANUARY));

        assertThat(view.inForce()).map(PolicyInForce::version).contains("3");
        assertThat(view.current()).contains(document("3"));
    }

    @Test
    void ofTwoVersionsPublishedAtTheSameInstantTheHigherIsInForce() {
        deliver(published("10", MARCH));
        deliver(published("9", MARCH));

        assertThat(view.inForce()).map(PolicyInForce::version).contains("10");
    }

    @Test
    void aReplayInAnotherOrderGivesTheSameVersionInForce() {
        List<PolicyPublished> log = List.of(published("1", JANUARY), published("2", MARCH),
                published("3", MAY));
        log.forEach(this::deliver);
        PolicyInForceView replayed = new PolicyInForceView(jdbcOnFreshDatabase());
        for (int i = log.size() - 1; i >= 0; i--) {
            replayed.handle(log.get(i), envelope(log.get(i)));
        }

        assertThat(replayed.inForce()).isEqualTo(view.inForce()).map(PolicyInForce::version).contains("3");
    }

    @Test
    void aRedeliveredVersionChangesNothing() {
        PolicyPublished first = published("1", JANUARY);
        deliver(first);
        deliver(published("2", MARCH));
        deliver(first);
        deliver(first);

        assertThat(jdbc.queryForObject("select count(*) from policy_in_force", Integer.class)).isEqualTo(2);
        assertThat(view.inForce()).map(PolicyInForce::version).contains("2");
    }

    @Test
    void theDocumentIsParsedOncePerVersion() {
        deliver(published("1", JANUARY));
        PolicyDocument first = view.current().orElseThrow();

        assertThat(view.current()).containsSame(first);
        deliver(published("2", MARCH));
        PolicyDocument second = view.current().orElseThrow();
        assertThat(second).isNotSameAs(first).isEqualTo(document("2"));
        assertThat(view.current()).containsSame(second);
    }

    @Test
    void theViewCreatesItsTableWithTheModulesOwnMigrationHistory() {
        assertThat(jdbc.queryForObject("select to_regclass('policy_in_force') is not null", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from flyway_policy_in_force_history where success",
                Integer.class)).isPositive();

        PolicyInForceView again = new PolicyInForceView(jdbc);
        assertThat(again.inForce()).isEmpty();
    }

    private void deliver(PolicyPublished event) {
        view.handle(event, envelope(event));
    }

    private static Envelope envelope(PolicyPublished event) {
        return Envelope.of(event, "policy-service", event.subject(), null, null);
    }

    private static PolicyPublished published(String version, Instant at) {
        return new PolicyPublished(EventId.of(UUID.randomUUID().toString()), version, EmployeeId.of("E1041"),
                List.of("version " + version), EventJson.write(document(version)), at);
    }

    private static PolicyDocument document(String version) {
        return new PolicyDocument(version, List.of(), List.of(new PolicyDocument.Profile("Engineering",
                "Software Engineer", List.of())), List.of(), Map.of(), Map.of(), null);
    }

    static JdbcTemplate jdbcOnFreshDatabase() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                LocalPostgres.freshDatabaseUrl("policy_in_force"), "postgres", "");
        return new JdbcTemplate(dataSource);
    }
}
