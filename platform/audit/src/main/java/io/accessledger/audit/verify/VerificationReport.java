package io.accessledger.audit.verify;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link LogVerifier} found: the findings (failures and information), and per topic how many records, events,
 * identical duplicates and valid checkpoints it read and how many events the latest valid checkpoint covers.
 */
public record VerificationReport(List<Finding> findings, Map<String, TopicCounts> topics) {

    public VerificationReport {
        findings = List.copyOf(findings);
        topics = Map.copyOf(topics);
    }

    /** Per-topic counts; {@code checkpoints} counts those signed by the service's trusted key. */
    public record TopicCounts(long records, long events, long duplicates, long checkpoints, long covered) {
    }

    /** True when nothing was tampered with: no finding is a failure. */
    public boolean ok() {
        return failures().isEmpty();
    }

    public List<Finding> failures() {
        return findings.stream().filter(finding -> finding.kind().failure()).toList();
    }

    public List<Finding> findingsOf(Finding.Kind kind) {
        return findings.stream().filter(finding -> finding.kind() == kind).toList();
    }

    /** The report as text for the command line: a verdict, the counts per topic, then one line per finding. */
    public String render() {
        StringBuilder text = new StringBuilder(ok() ? "OK: the log is intact" : "FAILED: " + failures().size()
                + " finding(s) of tampering").append('\n');
        topics.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(topic -> text.append(String.format(
                "  %s: %d records, %d events, %d duplicates, %d signed checkpoints, %d events covered%n",
                topic.getKey(), topic.getValue().records(), topic.getValue().events(), topic.getValue().duplicates(),
                topic.getValue().checkpoints(), topic.getValue().covered())));
        text.append(findings.stream().map(finding -> "  " + finding.render()).collect(Collectors.joining("\n")));
        return text.toString().stripTrailing() + "\n";
    }
}
