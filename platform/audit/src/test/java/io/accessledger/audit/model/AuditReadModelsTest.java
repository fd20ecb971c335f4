package io.accessledger.audit.model;

import static io.accessledger.audit.model.AuditStories.expired;
import static io.accessledger.audit.model.AuditStories.grantOf;
import static io.accessledger.audit.model.AuditStories.granted;
import static io.accessledger.audit.model.AuditStories.hired;
import static io.accessledger.audit.model.AuditStories.renamed;
import static io.accessledger.audit.model.AuditStories.revoked;
import static io.accessledger.audit.model.AuditStories.terminated;
import static io.accessledger.audit.model.AuditStories.transferred;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.audit.model.AccessHistoryView.Holding;
import io.accessledger.audit.model.AuditTrailView.Change;
import io.accessledger.audit.model.AuditTrailView.Evidence;
import io.accessledger.audit.model.AuditTrailView.Format;
import io.accessledger.audit.model.AuditTrailView.LifecycleCase;
import io.accessledger.audit.model.AuditTrailView.Step;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.replay.ReadModel;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The audit read models on a real PostgreSQL, fed the way the spine (or the replay command) feeds a read model. */
class AuditReadModelsTest {
    static final Instant MARCH_2 = Instant.parse("2026-03-02T09:00:00Z");
    static final Instant GRANTED_100 = Instant.parse("2026-03-04T10:00:00Z");
    static final Instant REVOKED_100 = Instant.parse("2026-04-10T12:00:00Z");
    static final Instant GRANTED_200 = Instant.parse("2026-03-05T09:00:00Z");
    static final Instant EXPIRED_200 = Instant.parse("2026-04-04T09:00:00Z");
    static final Instant JOINER_GRANTED = Instant.parse("2026-03-09T08:00:00Z");
    static final Instant LEAVER_REVOKED = Instant.parse("2026-06-01T03:30:00Z");
    static final Instant MOVER_GRANTED = Instant.parse("2026-04-01T11:00:00Z");
    static final Instant MOVER_REVOKED = Instant.parse("2026-04-02T09:00:00Z");

    private JdbcTemplate jdbc;
    private AccessHistoryView history;
    private AuditTrailView trail;

    @BeforeEach
    void freshDatabase() {
        jdbc = jdbcOnFreshDatabase();
        history = new AccessHistoryView(jdbc);
        trail = new AuditTrailView(jdbc);
    }

    /**
     * E2001 holds crm:read from GRANTED_100 until a review revokes it; E2002 holds erp:write until it expires;
     * E3001 joins (HRIS_JOINER grant) and leaves (LEAVER revocation); E4001 moves (HRIS_MOVER grant, the old grant
     * revoked as MOVER); E3001's name change and a transfer without a new position are not cases.
     */
    static List<DomainEvent> log() {
        List<DomainEvent> log = new ArrayList<>();
        log.addAll(granted("R-100", "E2001", "crm:read", MARCH_2, GRANTED_100, RequestSource.PORTAL));
        log.addAll(revoked("R-100", "E2001", "crm:read", RevocationReason.REVIEW, REVOKED_100));
        log.addAll(granted("R-200", "E2002", "erp:write", MARCH_2.plusSeconds(30), GRANTED_200,
                RequestSource.PORTAL));
        log.add(expired("R-200", "E2002", "erp:write", EXPIRED_200));

        log.add(hired("E3001", LocalDate.parse("2026-03-09"), Instant.parse("2026-03-06T15:00:00Z")));
        log.addAll(granted("R-300", "E3001", "crm:read", Instant.parse("2026-03-06T15:00:05Z"), JOINER_GRANTED,
                RequestSource.HRIS_JOINER));
        log.add(renamed("E3001", LocalDate.parse("2026-04-01"), Instant.parse("2026-04-01T08:00:00Z")));
        log.add(terminated("E3001", LocalDate.parse("2026-06-01"), Instant.parse("2026-05-20T10:00:00Z")));
        log.addAll(revoked("R-300", "E3001", "crm:read", RevocationReason.LEAVER, LEAVER_REVOKED));

        log.addAll(granted("R-400", "E4001", "finance:read", Instant.parse("2026-02-02T09:00:00Z"),
                Instant.parse("2026-02-02T12:00:00Z"), RequestSource.PORTAL));
        log.add(transferred("E4001", "Finance", "Sales", LocalDate.parse("2026-04-01"),
                Instant.parse("2026-03-25T10:00:00Z")));
        log.add(transferred("E4001", "Sales", "Sales", LocalDate.parse("2026-05-01"),
                Instant.parse("2026-04-25T10:00:00Z")));
        log.addAll(granted("R-401", "E4001", "crm:read", Instant.parse("2026-03-25T10:00:05Z"), MOVER_GRANTED,
                RequestSource.HRIS_MOVER));
        log.addAll(revoked("R-400", "E4001", "finance:read", RevocationReason.MOVER, MOVER_REVOKED));
        return log;
    }

    @Test
    void theMigratedTablesKeepTheIndexesTheQueriesUseAndNotTheOpeningsByTime() {
        assertThat(jdbc.queryForList("""
                select indexname from pg_indexes where schemaname = current_schema()
                  and tablename in ('audit_event', 'audit_grant_opened', 'audit_grant_ended') order by indexname""",
                String.class)).containsExactly("audit_event_employee", "audit_event_grant", "audit_event_pkey",
                        "audit_event_request", "audit_event_time", "audit_grant_ended_grant",
                        "audit_grant_ended_pkey", "audit_grant_opened_grant", "audit_grant_opened_pkey");
    }

    @Test
    void theLogFedInTwoDifferentOrdersGivesIdenticalTablesAndByteIdenticalExports() throws IOException {
        List<DomainEvent> log = log();
        List<ReadModel> inOrder = AuditReadModels.all(jdbc);
        log.forEach(event -> deliver(inOrder, event));
        JdbcTemplate other = jdbcOnFreshDatabase();
        List<ReadModel> shuffled = AuditReadModels.all(other);
        List<DomainEvent> reordered = new ArrayList<>(log);
        Collections.shuffle(reordered, new Random(13));
        Collections.reverse(reordered.subList(0, reordered.size() / 2));
        reordered.forEach(event -> deliver(shuffled, event));

        for (ReadModel model : inOrder) {
            for (String table : model.tables()) {
                assertThat(rows(other, table)).as(table).isEqualTo(rows(jdbc, table)).isNotEmpty();
            }
        }
        for (Format format : Format.values()) {
            assertThat(export(new AuditTrailView(other), null, null, format))
                    .isEqualTo(export(trail, null, null, format));
        }
        assertThat(new AuditTrailView(other).evidence(grantOf("R-100").value()))
                .isEqualTo(trail.evidence(grantOf("R-100").value()));
        assertThat(new AuditTrailView(other).joinersMoversLeavers(null, null))
                .isEqualTo(trail.joinersMoversLeavers(null, null));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        List<DomainEvent> log = log();
        log.forEach(this::deliver);
        List<Map<String, Object>> before = rows(jdbc, "audit_event");
        log.forEach(this::deliver);

        assertThat(rows(jdbc, "audit_event")).isEqualTo(before).hasSize(log.size());
        assertThat(rows(jdbc, "audit_grant_opened")).hasSize(5);
        assertThat(history.heldAt(GRANTED_100, "E2001", null)).hasSize(1);
    }

    @Test
    void aGrantIsHeldFromItsProvisioningUntilItsRevocationNotBeforeAndNotAfter() {
        log().forEach(this::deliver);

        assertThat(history.heldAt(GRANTED_100.minusMillis(1), "E2001", null)).isEmpty();
        assertThat(history.heldAt(GRANTED_100, "E2001", null)).singleElement().isEqualTo(new Holding(
                grantOf("R-100").value(), "R-100", "E2001", "crm:read", "crm.example.internal", GRANTED_100,
                REVOKED_100, "REVOKED:REVIEW"));
        assertThat(history.heldAt(REVOKED_100.minusMillis(1), "E2001", "crm")).hasSize(1);
        assertThat(history.heldAt(REVOKED_100, "E2001", null)).isEmpty();
    }

    @Test
    void revocationExpiryAndLeaverRemovalEachEndAWindow() {
        log().forEach(this::deliver);

        assertThat(history.heldAt(EXPIRED_200.minusSeconds(1), "E2002", null)).extracting(Holding::endReason)
                .containsExactly("EXPIRED");
        assertThat(history.heldAt(EXPIRED_200, "E2002", null)).isEmpty();
        assertThat(history.heldAt(LEAVER_REVOKED.minusSeconds(1), "E3001", null))
                .extracting(Holding::endedAt, Holding::endReason)
                .containsExactly(tuple(LEAVER_REVOKED, "REVOKED:LEAVER"));
        assertThat(history.heldAt(LEAVER_REVOKED, "E3001", null)).isEmpty();
        assertThat(history.heldAt(MOVER_REVOKED, "E4001", null)).extracting(Holding::entitlement, Holding::endedAt)
                .containsExactly(tuple("crm:read", null));
    }

    @Test
    void whoHeldWhatAtAnInstantIsOrderedByEmployeeAndEntitlementAndFilteredByResource() {
        log().forEach(this::deliver);
        Instant march20 = Instant.parse("2026-03-20T00:00:00Z");

        assertThat(history.heldAt(march20, null, null)).extracting(Holding::employeeId, Holding::entitlement)
                .containsExactly(tuple("E2001", "crm:read"), tuple("E2002", "erp:write"), tuple("E3001", "crm:read"),
                        tuple("E4001", "finance:read"));
        assertThat(history.heldAt(march20, null, "crm")).extracting(Holding::employeeId)
                .containsExactly("E2001", "E3001");
    }

    @Test
    void anEndDeliveredBeforeItsOpeningStillEndsTheWindow() {
        List<DomainEvent> story = new ArrayList<>(granted("R-100", "E2001", "crm:read", MARCH_2, GRANTED_100,
                RequestSource.PORTAL));
        story.addAll(0, revoked("R-100", "E2001", "crm:read", RevocationReason.MANUAL, REVOKED_100));
        story.forEach(this::deliver);

        assertThat(history.heldAt(REVOKED_100, null, null)).isEmpty();
        assertThat(history.windows("E2001")).extracting(Holding::endReason).containsExactly("REVOKED:MANUAL");
    }

    @Test
    void theEvidenceListsEveryStepWithWhoWhenWhyConditionsAndTheProvisioningReference() {
        log().forEach(this::deliver);

        Evidence evidence = trail.evidence(grantOf("R-100").value()).orElseThrow();

        assertThat(evidence.requestId()).isEqualTo("R-100");
        assertThat(evidence.employeeId()).isEqualTo("E2001");
        assertThat(evidence.entitlement()).isEqualTo("crm:read");
        assertThat(evidence.steps()).extracting(Step::type).containsExactly("RequestSubmitted", "PolicyEvaluated",
                "ApprovalTaskOpened", "TaskReminded", "ManagerApproved", "StageApproved", "AccessApproved",
                "AccessProvisioned", "ReviewScheduled", "AccessRevocationRequested", "AccessRevoked");
        assertThat(step(evidence, "RequestSubmitted").details()).containsEntry("justification",
                "Quarterly pipeline review, \"urgent\", for E2001");
        assertThat(step(evidence, "PolicyEvaluated").details()).containsEntry("policyVersion", "7")
                .containsEntry("findings", List.of(Map.of("message", "conflicts with ledger:write",
                        "rule", "sod-finance", "severity", "MEDIUM")));
        Step manager = step(evidence, "ManagerApproved");
        assertThat(manager.actorId()).isEqualTo("E1001");
        assertThat(manager.reason()).isEqualTo("Needed for Q4 forecasting");
        assertThat(manager.at()).isEqualTo(MARCH_2.plus(Duration.ofHours(22)));
        assertThat(manager.details()).containsEntry("conditions", Map.of("accessDuration", "P30D",
                "mfaRequired", true));
        assertThat(step(evidence, "StageApproved").actorId()).isEqualTo("E1002");
        assertThat(step(evidence, "AccessProvisioned").details()).containsEntry("reference", "REF-R-100")
                .containsEntry("grantedAt", GRANTED_100.toString());
        assertThat(step(evidence, "AccessRevoked").reason()).isEqualTo("REVIEW");
        assertThat(step(evidence, "AccessRevocationRequested").reason()).isEqualTo("REVIEW: No longer needed");
        assertThat(new ArrayList<>(manager.details().keySet())).isSorted();
    }

    @Test
    void anUnknownGrantHasNoEvidence() {
        log().forEach(this::deliver);

        assertThat(trail.evidence("G-unknown")).isEmpty();
    }

    @Test
    void joinersMoversAndLeaversCarryWhatWasGrantedOrRemovedAndHowLongItTook() {
        log().forEach(this::deliver);

        List<LifecycleCase> cases = trail.joinersMoversLeavers(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-07-01T00:00:00Z"));

        assertThat(cases).extracting(LifecycleCase::kind, LifecycleCase::employeeId, LifecycleCase::effectiveAt)
                .containsExactly(tuple("JOINER", "E3001", Instant.parse("2026-03-09T00:00:00Z")),
                        tuple("MOVER", "E4001", Instant.parse("2026-04-01T00:00:00Z")),
                        tuple("LEAVER", "E3001", Instant.parse("2026-06-01T00:00:00Z")));
        assertThat(cases.get(0).changes()).extracting(Change::action, Change::requestId, Change::after)
                .containsExactly(tuple("REQUESTED", "R-300", Duration.parse("-PT56H59M55S")),
                        tuple("GRANTED", "R-300", Duration.ofHours(8)));
        assertThat(cases.get(1).changes()).extracting(Change::action, Change::entitlement, Change::after)
                .containsExactly(tuple("REQUESTED", "crm:read", Duration.parse("-P6DT13H59M55S")),
                        tuple("GRANTED", "crm:read", Duration.ofHours(11)),
                        tuple("REMOVED", "finance:read", Duration.ofHours(33)));
        assertThat(cases.get(2).changes()).extracting(Change::action, Change::grantId, Change::at, Change::after)
                .containsExactly(tuple("REMOVED", grantOf("R-300").value(), LEAVER_REVOKED,
                        Duration.parse("PT3H30M")));
    }

    @Test
    void eachCaseCarriesOnlyWhatFollowedItUntilThePersonsNextCaseOfTheSameKind() {
        List<DomainEvent> log = new ArrayList<>();
        log.add(hired("E5001", LocalDate.parse("2026-01-05"), Instant.parse("2026-01-02T09:00:00Z")));
        log.addAll(granted("R-500", "E5001", "crm:read", Instant.parse("2026-01-02T09:00:05Z"),
                Instant.parse("2026-01-05T10:00:00Z"), RequestSource.HRIS_JOINER));
        log.add(transferred("E5001", "Sales", "Finance", LocalDate.parse("2026-02-02"),
                Instant.parse("2026-02-01T09:00:00Z")));
        log.addAll(granted("R-501", "E5001", "erp:read", Instant.parse("2026-02-01T09:00:05Z"),
                Instant.parse("2026-02-03T10:00:00Z"), RequestSource.HRIS_MOVER));
        log.addAll(revoked("R-500", "E5001", "crm:read", RevocationReason.MOVER, Instant.parse("2026-02-04T10:00:00Z")));
        log.add(transferred("E5001", "Finance", "Legal", LocalDate.parse("2026-03-02"),
                Instant.parse("2026-03-01T09:00:00Z")));
        log.addAll(granted("R-502", "E5001", "contracts:read", Instant.parse("2026-03-01T09:00:05Z"),
                Instant.parse("2026-03-03T10:00:00Z"), RequestSource.HRIS_MOVER));
        log.addAll(revoked("R-501", "E5001", "erp:read", RevocationReason.MOVER, Instant.parse("2026-03-04T10:00:00Z")));
        log.forEach(this::deliver);

        List<LifecycleCase> cases = trail.joinersMoversLeavers(null, null);

        assertThat(cases).extracting(LifecycleCase::kind, LifecycleCase::effectiveAt).containsExactly(
                tuple("JOINER", Instant.parse("2026-01-05T00:00:00Z")),
                tuple("MOVER", Instant.parse("2026-02-02T00:00:00Z")),
                tuple("MOVER", Instant.parse("2026-03-02T00:00:00Z")));
        assertThat(cases.get(0).changes()).as("a hire is followed by its directory requests only")
                .extracting(Change::action, Change::requestId)
                .containsExactly(tuple("REQUESTED", "R-500"), tuple("GRANTED", "R-500"));
        assertThat(cases.get(1).changes()).as("the first move, up to the second")
                .extracting(Change::action, Change::requestId)
                .containsExactly(tuple("REQUESTED", "R-501"), tuple("GRANTED", "R-501"), tuple("REMOVED", "R-500"));
        assertThat(cases.get(2).changes()).as("the second move")
                .extracting(Change::action, Change::requestId, Change::after)
                .containsExactly(tuple("REQUESTED", "R-502", Duration.parse("-PT14H59M55S")),
                        tuple("GRANTED", "R-502", Duration.parse("P1DT10H")),
                        tuple("REMOVED", "R-501", Duration.parse("P2DT10H")));
        assertThat(trail.joinersMoversLeavers(Instant.parse("2026-03-01T00:00:00Z"), null))
                .as("a period that starts after the first move still ends the second's window at nothing later")
                .singleElement().satisfies(only -> assertThat(only.changes()).hasSize(3));
    }

    @Test
    void theLifecyclePeriodIsByEffectiveDate() {
        log().forEach(this::deliver);

        assertThat(trail.joinersMoversLeavers(Instant.parse("2026-06-01T00:00:00Z"), null))
                .extracting(LifecycleCase::kind).containsExactly("LEAVER");
        assertThat(trail.joinersMoversLeavers(null, Instant.parse("2026-03-09T00:00:00Z"))).isEmpty();
    }

    @Test
    void theExportHasAHeaderAndOneQuotedRowPerEventInTimeOrderWithinItsBounds() throws IOException {
        log().forEach(this::deliver);

        String csv = export(trail, MARCH_2, MARCH_2.plusSeconds(61), Format.CSV);

        List<List<String>> rows = Rfc4180.parse(csv);
        assertThat(rows.get(0)).isEqualTo(TrailExport.COLUMNS);
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(3))
                .containsExactly("RequestSubmitted", "RequestSubmitted", "PolicyEvaluated");
        List<String> submitted = rows.get(1);
        assertThat(submitted.get(0)).isEqualTo(MARCH_2.toString());
        assertThat(submitted.get(7)).isEqualTo("E2001");
        assertThat(new ObjectMapper().readTree(submitted.get(13)).get("justification").asText())
                .isEqualTo("Quarterly pipeline review, \"urgent\", for E2001");
        assertThat(csv).contains("\r\n").startsWith(String.join(",", TrailExport.COLUMNS) + "\r\n");
    }

    @Test
    void aRequestEventWithoutItsOwnPersonIsExportedWithTheRequestsBeneficiary() throws IOException {
        log().forEach(this::deliver);

        String json = export(trail, null, null, Format.JSON);

        JsonNode reminded = json.lines().map(AuditReadModelsTest::json)
                .filter(line -> line.get("type").asText().equals("TaskReminded"))
                .filter(line -> line.get("requestId").asText().equals("R-100")).findFirst().orElseThrow();
        assertThat(reminded.get("employeeId").asText()).isEqualTo("E2001");
        assertThat(reminded.get("grantId").isNull()).isTrue();
    }

    @Test
    void thousandsOfEventsAreExportedInOrderAsJsonLinesAndCsv() throws IOException {
        List<DomainEvent> many = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            many.addAll(granted("R-" + i, "E" + (5000 + i % 37), "app" + i % 11 + ":read",
                    MARCH_2.plusSeconds(i * 7L), MARCH_2.plus(Duration.ofDays(2)).plusSeconds(i), RequestSource.PORTAL));
        }
        Collections.shuffle(many, new Random(4));
        many.forEach(this::deliver);

        String json = export(trail, null, null, Format.JSON);
        List<JsonNode> lines = json.lines().map(AuditReadModelsTest::json).toList();
        assertThat(lines).hasSize(many.size()).hasSize(3600);
        assertThat(lines).isSortedAccordingTo(Comparator
                .comparing((JsonNode line) -> Instant.parse(line.get("occurredAt").asText()))
                .thenComparing(line -> line.get("eventId").asText()));
        assertThat(lines.get(0).fieldNames()).toIterable().containsExactlyElementsOf(TrailExport.COLUMNS);
        assertThat(json).endsWith("\n");
        List<List<String>> csv = Rfc4180.parse(export(trail, null, null, Format.CSV));
        assertThat(csv).hasSize(3601);
        assertThat(csv.subList(1, csv.size())).extracting(row -> row.get(1))
                .isEqualTo(lines.stream().map(line -> line.get("eventId").asText()).toList());
    }

    @Test
    void aReaderThatGoesAwayStopsTheExportAndLeavesTheConnectionAsItWas() {
        log().forEach(this::deliver);
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("the client went away");
            }
        };

        assertThatThrownBy(() -> trail.export(null, null, Format.CSV, new BufferedOutputStream(gone, 1)))
                .isInstanceOf(IOException.class).hasMessage("the client went away");
        assertThat(jdbc.execute((ConnectionCallback<Boolean>) Connection::getAutoCommit)).isTrue();
        assertThat(trail.evidence(grantOf("R-100").value())).isPresent();
    }

    @Test
    void migrationsCreateTheTablesOfEveryReadModelWithTheModulesHistory() {
        List<ReadModel> models = AuditReadModels.all(jdbc);

        assertThat(models).extracting(ReadModel::name).containsExactly("audit-access-history", "audit-trail");
        for (ReadModel model : models) {
            for (String table : model.tables()) {
                assertThat(jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, table)).isTrue();
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from flyway_audit_history where success", Integer.class))
                .isPositive();
        AuditReadModels.migrate(jdbc.getDataSource());
    }

    private void deliver(DomainEvent event) {
        deliver(List.of(history, trail), event);
    }

    private static void deliver(List<ReadModel> models, DomainEvent event) {
        Envelope envelope = Envelope.of(event, EventCatalog.of(event).topic().owner(), "corr-" + event.subject(),
                null, null);
        for (ReadModel model : models) {
            if (model.topics().contains(EventCatalog.of(event).topic())) {
                model.handle(event, envelope);
            }
        }
    }

    private static Step step(Evidence evidence, String type) {
        return evidence.steps().stream().filter(step -> step.type().equals(type)).findFirst().orElseThrow();
    }

    private static String export(AuditTrailView view, Instant from, Instant to, Format format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        view.export(from, to, format, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }

    private static List<Map<String, Object>> rows(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("select * from " + table + " order by event_id");
    }

    static JdbcTemplate jdbcOnFreshDatabase() {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                LocalPostgres.freshDatabaseUrl("audit"), "postgres", "", true);
        AuditReadModels.migrate(dataSource);
        return new JdbcTemplate(dataSource);
    }
}
