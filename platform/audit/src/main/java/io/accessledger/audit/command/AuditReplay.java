package io.accessledger.audit.command;

import io.accessledger.events.codec.EventCodec;
import io.accessledger.spine.replay.ReadModel;
import io.accessledger.spine.replay.TopicReplay;
import io.accessledger.spine.store.ModuleMigrations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code accessledger-audit replay}: the audit read models rebuilt from the Kafka topics alone, by the same read-model
 * code request-service runs and the same pass a service's rebuild makes (the spine's {@link TopicReplay}: read-only,
 * every partition from its beginning to the end offsets taken at the start, deduplicated on {@code ce_id}), into a
 * store of the command's own; then the auditor's questions answered into files of {@code --out}. The same log
 * replayed twice gives byte-identical files.
 */
final class AuditReplay {
    static final Set<String> OPTIONS = Set.of("bootstrap-servers", "kafka-config", "out", "until", "as-of",
            "evidence", "format", "jdbc-url", "jdbc-user", "jdbc-password");

    private AuditReplay() {
    }

    static int run(Options options, PrintStream out, PrintStream err) {
        String bootstrap = options.required("bootstrap-servers");
        Map<String, Object> kafka = options.kafka();
        Path directory = Path.of(options.required("out"));
        Instant until = options.optional("until") == null ? null : Options.instant("until", options.optional("until"));
        List<Instant> asOf = options.all("as-of").stream().map(value -> Options.instant("as-of", value)).toList();
        AuditAnswers.Format format = AuditAnswers.Format.of(options.optional("format", "json"));
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (AuditStore store = options.optional("jdbc-url") == null ? AuditStore.embedded()
                : AuditStore.at(options.optional("jdbc-url"), options.optional("jdbc-user", "postgres"),
                        options.optional("jdbc-password", ""))) {
            out.println("replaying the topics of " + bootstrap + (until == null ? "" : " up to " + until) + " into "
                    + store.description());
            ModuleMigrations.migrate(store.dataSource(), "spine"); // inbound_dedupe, as the services dedupe
            JdbcTemplate jdbc = new JdbcTemplate(store.dataSource());
            // their inserts sent as one batch per poll, the audit trail's copy while the poll's handling goes on
            BatchedWrites writes = new BatchedWrites(store.dataSource()).streamingCopies();
            List<ReadModel> readModels = AuditAnswers.readModels(store.dataSource(), writes);
            TopicReplay replay = new TopicReplay(readModels, kafka,
                    new EventCodec(), jdbc, new TransactionTemplate(new DataSourceTransactionManager(store.dataSource())),
                    null, until);
            BulkLoad load = null;
            if (store.throwAway()) { // filled by this pass alone: keys and indexes after the load, dedupe in memory
                load = BulkLoad.begin(jdbc, writes);
                replay.dedupeInMemory();
            }
            ReplayProgress progress = new ReplayProgress(replay, err, System::nanoTime);
            try (progress) { // the rate printed last counts the indexes' creation too
                long reading = System.nanoTime();
                replay.run("accessledger-audit-replay");
                err.printf(Locale.ROOT, "replay: topics read and applied in %.1f s%n",
                        (System.nanoTime() - reading) / 1e9);
                if (load != null) {
                    long started = System.nanoTime();
                    load.finish();
                    err.printf(Locale.ROOT, "replay: %d indexes created in %.1f s (%s; %d rows of an event id"
                            + " applied before deleted)%n", load.indexes(), (System.nanoTime() - started) / 1e9,
                            load.took(), load.duplicates());
                }
            }
            String report = progress.report();
            out.print(report);
            long answering = System.nanoTime();
            AuditAnswers answers = new AuditAnswers(jdbc, new JdbcTemplate(store.exportDataSource()), directory,
                    format);
            List<Path> written = answers.write(asOf, options.all("evidence"));
            written.forEach(file -> out.println("wrote " + file));
            written.forEach(file -> err.printf(Locale.ROOT, "replay: %s written in %.1f s%n", file.getFileName(),
                    answers.took().get(file).toNanos() / 1e9));
            err.printf(Locale.ROOT, "replay: answers written in %.1f s%n", (System.nanoTime() - answering) / 1e9);
            answers.missing().forEach(grantId -> err.println("accessledger-audit: no grant " + grantId + " in the log"));
            return replay.counts().failed() == 0 && answers.missing().isEmpty() ? 0 : 1;
        }
    }
}
