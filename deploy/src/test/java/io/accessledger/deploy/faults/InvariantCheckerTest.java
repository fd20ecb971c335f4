package io.accessledger.deploy.faults;

import static io.accessledger.deploy.faults.InvariantChecker.DEAD_LETTERS;
import static io.accessledger.deploy.faults.InvariantChecker.NO_GAP;
import static io.accessledger.deploy.faults.InvariantChecker.PROVISIONED_ONCE;
import static io.accessledger.deploy.faults.InvariantChecker.RATE;
import static io.accessledger.deploy.faults.InvariantChecker.TERMINAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.deploy.faults.InvariantChecker.ExpectedDeadLetter;
import io.accessledger.deploy.faults.InvariantChecker.Expectations;
import io.accessledger.deploy.faults.InvariantChecker.Report;
import io.accessledger.deploy.faults.InvariantChecker.Window;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.integrity.ChainHeaders;
import io.accessledger.spine.inbound.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The invariant checker over crafted event logs: a clean run holds every invariant, and each invariant, broken on
 * purpose, is reported.
 */
class InvariantCheckerTest {
    private static final String SUBMITTED = "accessledger.request.submitted.v1";
    private static final String WITHDRAWN = "accessledger.request.withdrawn.v2";
    private static final String APPROVED = "accessledger.approval.access-approved.v1";
    private static final String DENIED = "accessledger.approval.access-denied.v1";
    private static final String PROVISIONED = "accessledger.provisioning.access-provisioned.v1";
    private static final String FAILED = "accessledger.provisioning.provisioning-failed.v1";
    private static final String RETRIED = "accessledger.provisioning.provisioning-retried.v1";
    private static final String REVOKED = "accessledger.provisioning.access-revoked.v1";

    /** A log written as a run writes it: per topic and key, chain positions 0, 1, 2 …; one record per second. */
    private static final class Log {
        final List<LoggedRecord> records = new ArrayList<>();
        final Map<String, Long> nextSeq = new HashMap<>();
        final Map<String, Long> nextOffset = new HashMap<>();
        long clock = 1_000_000;
        int events;

        LoggedRecord event(Topic topic, String key, String type, String json) {
            long seq = nextSeq.merge(topic + key, 1L, Long::sum) - 1;
            return add(topic.topicName(), key, Map.of(CloudEventHeaders.TYPE, type, CloudEventHeaders.ID,
                    "event-" + ++events, ChainHeaders.SEQ, Long.toString(seq)), json);
        }

        LoggedRecord add(String topic, String key, Map<String, String> headers, String json) {
            long offset = nextOffset.merge(topic, 1L, Long::sum) - 1;
            LoggedRecord record = new LoggedRecord(topic, 0, offset, key, headers,
                    json.getBytes(StandardCharsets.UTF_8), clock += 1000);
            records.add(record);
            return record;
        }

        /** The same record once more (a redelivery: same ce_id and chain position, a later offset). */
        void again(LoggedRecord record) {
            add(record.topic(), record.key(), record.headers(), new String(record.value(), StandardCharsets.UTF_8));
        }

        /** A request walked to PROVISIONED: submitted, approved, provisioned on its grant. */
        LoggedRecord provisionedRequest(String request) {
            submitted(request);
            event(Topic.APPROVAL, request, APPROVED, "{\"requestId\":\"" + request + "\"}");
            return provisioned(request);
        }

        void submitted(String request) {
            event(Topic.REQUEST, request, SUBMITTED, "{\"requestId\":\"" + request + "\"}");
        }

        LoggedRecord provisioned(String request) {
            return event(Topic.PROVISIONING, "grant-" + request, PROVISIONED, "{\"requestId\":\"" + request
                    + "\",\"grantId\":\"grant-" + request + "\",\"entitlement\":{\"resourceId\":\"confluence\","
                    + "\"accessLevel\":\"edit\"}}");
        }
    }

    private static Report check(Log log) {
        return InvariantChecker.check(log.records, Map.of(), Expectations.none());
    }

    @Test
    void aCleanRunWithARedeliveredEventHoldsEveryInvariant() {
        Log log = new Log();
        log.provisionedRequest("r1");
        LoggedRecord provisioned = log.provisionedRequest("r2");
        log.again(provisioned);
        log.submitted("r3");
        log.event(Topic.APPROVAL, "r3", DENIED, "{\"requestId\":\"r3\"}");
        log.submitted("r4");
        log.event(Topic.REQUEST, "r4", WITHDRAWN, "{\"requestId\":\"r4\"}");

        Report report = InvariantChecker.check(log.records, Map.of("approval r1", List.of(0L, 1L, 2L)),
                new Expectations(Set.of("r1", "r2", "r3", "r4"), List.of(), null, null, 0));

        assertThat(report.holds()).as(report.markdown()).isTrue();
        assertThat(report.verdicts()).extracting(InvariantChecker.Verdict::invariant)
                .containsExactly(TERMINAL, PROVISIONED_ONCE, NO_GAP, DEAD_LETTERS);
    }

    @Test
    void aRequestThatReachedASecondTerminalStateIsReported() {
        Log log = new Log();
        log.provisionedRequest("r1");
        log.event(Topic.REQUEST, "r1", WITHDRAWN, "{\"requestId\":\"r1\"}");

        Report report = check(log);

        assertThat(report.verdict(TERMINAL).orElseThrow().violations())
                .containsExactly("r1 reached 2 terminal states: [AccessProvisioned, RequestWithdrawn]");
        assertThat(report.holds()).isFalse();
    }

    @Test
    void aRequestWithdrawnWhileItsGrantWasProvisionedEndsWithdrawnOnlyOnceTheGrantIsRevoked() {
        Log log = new Log();
        log.submitted("r1");
        log.event(Topic.APPROVAL, "r1", APPROVED, "{\"requestId\":\"r1\"}");
        log.event(Topic.REQUEST, "r1", WITHDRAWN, "{\"requestId\":\"r1\"}");
        log.provisioned("r1");

        assertThat(check(log).verdict(TERMINAL).orElseThrow().violations()).as("the withdrawn request's access held")
                .containsExactly("r1 reached 2 terminal states: [RequestWithdrawn, AccessProvisioned]");

        log.event(Topic.PROVISIONING, "grant-r1", REVOKED, "{\"requestId\":\"r1\",\"grantId\":\"grant-r1\"}");

        assertThat(check(log).verdict(TERMINAL).orElseThrow().holds()).isTrue();
        assertThat(InvariantChecker.terminalStates(log.records)).containsExactly(
                Map.entry("r1", List.of("RequestWithdrawn")));
    }

    @Test
    void aRequestWithdrawnWhoseProvisioningFailedEndsWithdrawnAndARevocationEndsNoOtherRequest() {
        Log log = new Log();
        log.submitted("r1");
        log.event(Topic.REQUEST, "r1", WITHDRAWN, "{\"requestId\":\"r1\"}");
        log.event(Topic.PROVISIONING, "grant-r1", FAILED, "{\"requestId\":\"r1\"}");
        log.provisionedRequest("r2");
        log.event(Topic.PROVISIONING, "grant-r2", REVOKED, "{\"requestId\":\"r2\",\"grantId\":\"grant-r2\"}");
        log.submitted("r3");
        log.event(Topic.APPROVAL, "r3", APPROVED, "{\"requestId\":\"r3\"}");
        log.event(Topic.PROVISIONING, "grant-r3", FAILED, "{\"requestId\":\"r3\"}");

        assertThat(InvariantChecker.terminalStates(log.records)).as("a revocation ends no request that was not withdrawn")
                .containsExactly(Map.entry("r1", List.of("RequestWithdrawn")), Map.entry("r2",
                        List.of("AccessProvisioned")), Map.entry("r3", List.of("ProvisioningFailed")));
    }

    @Test
    void anAcceptedRequestThatReachedNoTerminalStateOrNeverReachedTheLogIsReported() {
        Log log = new Log();
        log.submitted("r1");

        Report report = InvariantChecker.check(log.records, Map.of(),
                new Expectations(Set.of("r1", "r2"), List.of(), null, null, 0));

        assertThat(report.verdict(TERMINAL).orElseThrow().violations()).containsExactly(
                "r2 was accepted but has no RequestSubmitted on the log", "r1 reached no terminal state");
    }

    @Test
    void aProvisioningFailureRetriedAndThenProvisionedIsOneTerminalStateButAFinalFailureIsOneToo() {
        Log log = new Log();
        log.submitted("r1");
        log.event(Topic.PROVISIONING, "grant-r1", FAILED, "{\"requestId\":\"r1\"}");
        log.event(Topic.PROVISIONING, "grant-r1", RETRIED, "{\"requestId\":\"r1\"}");
        log.provisioned("r1");
        log.submitted("r2");
        log.event(Topic.PROVISIONING, "grant-r2", FAILED, "{\"requestId\":\"r2\"}");

        assertThat(check(log).verdict(TERMINAL).orElseThrow().holds()).isTrue();
    }

    @Test
    void aGrantProvisionedTwiceIsReported() {
        Log log = new Log();
        log.provisionedRequest("r1");
        log.provisioned("r1");

        Report report = check(log);

        assertThat(report.verdict(PROVISIONED_ONCE).orElseThrow().violations()).singleElement().asString()
                .startsWith("grant grant-r1 provisioned 2 times");
        assertThat(report.verdict(TERMINAL).orElseThrow().holds()).isFalse();
    }

    @Test
    void oneRequestsEntitlementProvisionedUnderTwoGrantsIsReported() {
        Log log = new Log();
        log.provisionedRequest("r1");
        log.event(Topic.PROVISIONING, "another-grant", PROVISIONED, "{\"requestId\":\"r1\",\"grantId\":"
                + "\"another-grant\",\"entitlement\":{\"resourceId\":\"confluence\",\"accessLevel\":\"edit\"}}");

        assertThat(check(log).verdict(PROVISIONED_ONCE).orElseThrow().violations()).singleElement().asString()
                .startsWith("request and entitlement r1");
    }

    @Test
    void aMissingPositionInAKeysChainIsAGap() {
        Log log = new Log();
        log.provisionedRequest("r1");
        LoggedRecord approved = log.records.get(1);
        log.records.remove(approved);
        log.add(approved.topic(), approved.key(), Map.of(CloudEventHeaders.TYPE, APPROVED, CloudEventHeaders.ID,
                "late", ChainHeaders.SEQ, "2"), "{\"requestId\":\"r1\"}");

        assertThat(check(log).verdict(NO_GAP).orElseThrow().violations()).containsExactly(
                "topic accessledger.approval.events.v1 key r1: positions 0 to 1 missing before 2");
    }

    @Test
    void twoDifferentEventsAtOnePositionAreAFork() {
        Log log = new Log();
        log.provisionedRequest("r1");
        log.add(Topic.REQUEST.topicName(), "r1", Map.of(CloudEventHeaders.TYPE, WITHDRAWN, CloudEventHeaders.ID,
                "other", ChainHeaders.SEQ, "0"), "{\"requestId\":\"r1\"}");

        assertThat(check(log).verdict(NO_GAP).orElseThrow().violations()).contains(
                "topic accessledger.request.events.v1 key r1: two events at position 0");
    }

    @Test
    void aGapInAnAggregatesStoredSequenceIsReported() {
        Report report = InvariantChecker.check(List.of(), Map.of("provisioning-service grant-r1",
                List.of(0L, 1L, 3L)), Expectations.none());

        assertThat(report.verdict(NO_GAP).orElseThrow().violations()).containsExactly(
                "event store provisioning-service grant-r1: positions 2 to 2 missing before 3");
    }

    @Test
    void anUnexplainedDeadLetterIsReportedWithItsReasonAndTheInjectedOneIsNot() {
        Log log = new Log();
        log.provisionedRequest("r1");
        String dlt = Topic.REQUEST.deadLetterTopicName();
        log.add(dlt, "poison-1", deadLetter("policy-service.evaluation", "UNDECODABLE", "not JSON"), "garbage");
        log.add(dlt, "r1", deadLetter("approval-service.intake", "PERMANENT", "no such person"), "{}");
        ExpectedDeadLetter poison = new ExpectedDeadLetter(Topic.REQUEST.topicName(), "poison-1", "injected poison");

        Report report = InvariantChecker.check(log.records, Map.of(),
                new Expectations(Set.of(), List.of(poison), null, null, 0));

        assertThat(report.verdict(DEAD_LETTERS).orElseThrow().violations()).singleElement().asString()
                .contains("unexplained", "key r1", "approval-service.intake", "PERMANENT: no such person");
        assertThat(report.verdict(DEAD_LETTERS).orElseThrow().notes()).hasSize(2);
    }

    @Test
    void anInjectedPoisonRecordThatNeverReachedTheDeadLetterTopicIsReported() {
        ExpectedDeadLetter poison = new ExpectedDeadLetter(Topic.REQUEST.topicName(), "poison-1", "injected poison");

        Report report = InvariantChecker.check(new Log().records, Map.of(),
                new Expectations(Set.of(), List.of(poison), null, null, 0));

        assertThat(report.verdict(DEAD_LETTERS).orElseThrow().violations()).containsExactly(
                "expected but not dead-lettered: injected poison (accessledger.request.events.v1 key poison-1)");
    }

    @Test
    void aRateThatStalledAfterTheFaultIsReportedAndOneThatRecoveredIsNot() {
        Window before = new Window(1_000_000, 1_010_000);
        Window after = new Window(1_040_000, 1_070_000);
        Expectations halfTheRateBefore = new Expectations(Set.of(), List.of(), before, after, 0.5);
        Log stalled = provisionedEverySecond(10, 1);
        Log recovered = provisionedEverySecond(10, 20);

        assertThat(InvariantChecker.check(stalled.records, Map.of(), halfTheRateBefore).verdict(RATE).orElseThrow()
                .violations()).containsExactly("0.03 provisioned/s after the fault, below 50 % of the 1.00/s before");
        assertThat(InvariantChecker.check(recovered.records, Map.of(), halfTheRateBefore).verdict(RATE)
                .orElseThrow().holds()).isTrue();
    }

    @Test
    void aRunWithNothingProvisionedBeforeItsFaultHasNoRateToRecoverToAndIsReported() {
        Log log = provisionedEverySecond(0, 20);

        assertThat(InvariantChecker.check(log.records, Map.of(), new Expectations(Set.of(), List.of(),
                new Window(1_000_000, 1_010_000), new Window(1_040_000, 1_070_000), 0.5)).verdict(RATE).orElseThrow()
                .violations()).containsExactly("nothing was provisioned before the fault: no steady rate to recover to");
    }

    @Test
    void theLongestPauseIsTheLongestStretchWithoutAGrantProvisionedAndNotTheAverageRate() {
        Log log = provisionedEverySecond(10, 20); // at 1,000 … 1,009 s, then at 1,040 … 1,059 s

        assertThat(InvariantChecker.longestProvisionedGap(log.records, new Window(1_000_000, 1_070_000)))
                .isEqualTo(31.0);
        assertThat(InvariantChecker.longestProvisionedGap(log.records, new Window(1_040_000, 1_060_000)))
                .isEqualTo(1.0);
        assertThat(InvariantChecker.longestProvisionedGap(log.records, new Window(1_010_000, 1_030_000)))
                .as("nothing in the window: all of it").isEqualTo(20.0);
    }

    /** {@code before} grants provisioned one a second from t = 1,000 s, then a 30 s fault, then {@code after}. */
    private static Log provisionedEverySecond(int before, int after) {
        Log log = new Log();
        log.clock = 999_000;
        for (int i = 0; i < before; i++) {
            log.provisioned("before-" + i);
        }
        log.clock = 1_039_000;
        for (int i = 0; i < after; i++) {
            log.provisioned("after-" + i);
        }
        return log;
    }

    private static Map<String, String> deadLetter(String consumer, String kind, String reason) {
        return Map.of(DeadLetters.CONSUMER, consumer, DeadLetters.KIND, kind, DeadLetters.REASON, reason);
    }
}
